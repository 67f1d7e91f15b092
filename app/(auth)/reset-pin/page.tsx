import { ResetCard } from '@/components/auth/recovery-cards';
import { resetLinkIsValid } from '@/server/auth/recovery';

export const metadata = { title: 'Choose a new PIN', referrer: 'no-referrer' };

export default async function ResetPinPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const valid = typeof token === 'string' && token.length < 200 && (await resetLinkIsValid('pin', token));
  return <ResetCard kind="pin" token={typeof token === 'string' ? token : ''} valid={valid} />;
}
