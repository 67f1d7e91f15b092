'use client';
import { hardNavigate } from '@/components/hard-navigate';
import * as Tabs from '@radix-ui/react-tabs';
import { Link } from '@/components/ui/link';
import { signInWithPassword, signInWithPin } from '@/app/(auth)/actions';
import { PasskeySignIn } from '@/components/auth/passkey-sign-in';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import type { PasswordSignInInput, PinSignInInput } from '@/lib/validation/auth';

// zod and libphonenumber-js arrive when a form is first focused or touched, not with the page (issue 13: the
// sign-in page's first load and blocking time); every validation waits for them.
const authSchemas = () => import('@/lib/validation/auth');

const go = ({ redirectTo }: { redirectTo: string }) => hardNavigate(redirectTo);

function PasswordForm({ next }: { next?: string }) {
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<PasswordSignInInput, { redirectTo: string }>({
    schema: () => authSchemas().then((m) => m.passwordSignInSchema),
    action: (v) => signInWithPassword({ ...v, next }),
    defaultValues: { identifier: '', password: '' },
    secrets: ['password'],
    onSuccess: go,
  });
  return (
    <form onSubmit={onSubmit} {...warm} method="post" noValidate className="flex flex-col gap-4" aria-label="Sign in with username and password">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Username or email" autoComplete="username" {...form.register('identifier')} error={errorOf('identifier')} />
      <Field label="Password" type="password" autoComplete="current-password" {...form.register('password')} error={errorOf('password')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
      <Link href="/forgot-password" className="text-brand-700 underline underline-offset-2">
        Forgot your password?
      </Link>
    </form>
  );
}

function PinForm({ region, next }: { region: string; next?: string }) {
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<PinSignInInput, { redirectTo: string }>({
    schema: () => authSchemas().then((m) => m.pinSignInSchema(region)),
    action: (v) => signInWithPin({ ...v, next }),
    defaultValues: { mobile: '', pin: '' },
    secrets: ['pin'],
    onSuccess: go,
  });
  return (
    <form onSubmit={onSubmit} {...warm} method="post" noValidate className="flex flex-col gap-4" aria-label="Sign in with mobile number and PIN">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Mobile number" type="tel" autoComplete="tel" hint="Any format, e.g. +44 7700 900123" {...form.register('mobile')} error={errorOf('mobile')} />
      <Field label="PIN" type="password" inputMode="numeric" autoComplete="current-password" {...form.register('pin')} error={errorOf('pin')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
      <Link href="/forgot-pin" className="text-brand-700 underline underline-offset-2">
        Forgot your PIN?
      </Link>
    </form>
  );
}

const tab = 'min-h-11 flex-1 rounded-md px-3 py-2 font-medium text-slate-700 data-[state=active]:bg-white data-[state=active]:text-brand-800 data-[state=active]:shadow';

export function SignInForm({ region, next }: { region: string; next?: string }) {
  return (
    <Tabs.Root defaultValue="password">
      <Tabs.List aria-label="How do you want to sign in?" className="mb-6 flex gap-1 rounded-lg bg-slate-100 p-1">
        <Tabs.Trigger value="password" className={tab}>
          Username and password
        </Tabs.Trigger>
        <Tabs.Trigger value="pin" className={tab}>
          Mobile number and PIN
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="password">
        <PasswordForm next={next} />
      </Tabs.Content>
      <Tabs.Content value="pin">
        <PinForm region={region} next={next} />
      </Tabs.Content>
      <PasskeySignIn next={next} />
    </Tabs.Root>
  );
}
