import 'server-only';
import { COUNTRY_CODES, displayName, LANGUAGES, timeZones } from '@/lib/countries';
import type { ProfileChoices } from '@/lib/profile-choices';

let memo: ProfileChoices | undefined;
/** Every choice of the profile form's lists: the same for every request, so built once per process (names, a sort, 400+ time zones). */
export function profileChoices(): ProfileChoices {
  return (memo ??= {
    countries: COUNTRY_CODES.map((c) => [c, displayName('region', c)] as const).sort((a, b) => a[1].localeCompare(b[1])),
    languages: LANGUAGES.map((l) => [l, displayName('language', l)] as const),
    timeZones: timeZones(),
  });
}

/** Only the choices saved in this profile: what the page renders before the full lists arrive. */
export function savedChoices(saved: { country: string | null; preferredLanguage: string | null; timeZone: string | null }): ProfileChoices {
  const all = profileChoices();
  return {
    countries: all.countries.filter(([code]) => code === saved.country),
    languages: all.languages.filter(([code]) => code === saved.preferredLanguage),
    timeZones: all.timeZones.filter((zone) => zone === saved.timeZone),
  };
}
