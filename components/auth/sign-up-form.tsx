'use client';
import { hardNavigate } from '@/components/hard-navigate';
import { signUp } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { TopicChoices } from './topic-choices';
import { useActionForm } from '@/components/forms/use-action-form';
import { PASSWORD_MIN, PIN_MAX, PIN_MIN } from '@/lib/policy';
import { signUpSchema, type SignUpInput } from '@/lib/validation/auth';

export function SignUpForm({ region }: { region: string }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<SignUpInput, { redirectTo: string }>({
    schema: signUpSchema(region),
    action: signUp,
    defaultValues: { username: '', email: '', password: '', mobile: '', pin: '', topics: [] },
    secrets: ['password', 'pin'],
    onSuccess: ({ redirectTo }) => hardNavigate(redirectTo),
  });
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="flex flex-col gap-4" aria-label="Create your account">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Username" autoComplete="username" hint="Letters, numbers, dots, dashes and underscores." {...form.register('username')} error={errorOf('username')} />
      <Field label="Email" type="email" autoComplete="email" {...form.register('email')} error={errorOf('email')} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters. A few unrelated words work well.`}
        {...form.register('password')}
        error={errorOf('password')}
      />
      <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 font-medium">Sign in with your phone (optional)</legend>
        <Field label="Mobile number" type="tel" autoComplete="tel" hint="Any format, e.g. +44 7700 900123" {...form.register('mobile')} error={errorOf('mobile')} />
        <Field
          label="PIN"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          hint={`${PIN_MIN} to ${PIN_MAX} digits. Avoid sequences like 123456 and repeats like 111111.`}
          {...form.register('pin')}
          error={errorOf('pin')}
        />
      </fieldset>
      <TopicChoices register={form.register('topics')} error={errorOf('topics')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
