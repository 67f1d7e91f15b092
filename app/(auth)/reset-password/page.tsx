import { ResetCard } from '@/components/auth/recovery-cards';
import { resetLinkIsValid } from '@/server/auth/recovery';

export const metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const valid = typeof token === 'string' && token.length < 200 && (await resetLinkIsValid('password', token));
  return <ResetCard kind="password" token={typeof token === 'string' ? token : ''} valid={valid} />;
}
