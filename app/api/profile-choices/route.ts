import { profileChoices } from '@/server/account/profile-choices';

/**
 * The profile form's lists of countries, languages and time zones. Nothing in it is about anyone,
 * so no session is asked for, and browsers may keep it for a day (it changes only with the runtime's ICU data).
 */
export function GET() {
  return Response.json(profileChoices(), { headers: { 'cache-control': 'public, max-age=86400' } });
}
