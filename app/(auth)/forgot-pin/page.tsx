import { ForgotCard } from '@/components/auth/recovery-cards';

export const metadata = { title: 'Forgot your PIN' };

export default function ForgotPinPage() {
  return <ForgotCard kind="pin" />;
}
