import { ForgotCard } from '@/components/auth/recovery-cards';

export const metadata = { title: 'Forgot your password' };

export default function ForgotPasswordPage() {
  return <ForgotCard kind="password" />;
}
