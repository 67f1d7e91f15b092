'use client';
import { useState, type ReactNode } from 'react';
import {
  beginTotpSetupAction,
  confirmTotpSetupAction,
  passkeyRegistrationOptionsAction,
  regenerateRecoveryCodesAction,
  registerPasskeyAction,
  removePasskeyAction,
  removeTotpAction,
  renamePasskeyAction,
} from '@/app/(account)/account/security/two-factor-actions';
import { ReauthForm } from '@/components/account/reauth-form';
import { createPasskey } from '@/components/auth/passkey-client';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { FactorReauth } from '@/components/security/factor-reauth';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { formatDateTime } from '@/lib/format';
import { NEEDS_REAUTH } from '@/lib/reauth';
import type { SecondStepChoice } from '@/lib/two-factor';
import type { ActionResult } from '@/lib/result';
import type { PasskeyView, TwoFactorView } from '@/lib/security-types';
// The schemas (zod) load when a form is first touched, not with /account/security (issue 13); every validation waits for them.
const twoFactorSchemas = () => import('@/lib/validation/two-factor');

type Retry = () => Promise<void>;

/** Shown once: the 10 recovery codes, to be written down or stored in a password manager. */
function RecoveryCodesOnce({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="flex flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-4" role="region" aria-labelledby="codes-title">
      <h3 id="codes-title" className="font-semibold">
        Your recovery codes
      </h3>
      <p>Save these now: we show them only once. Each code signs you in once if you lose your app or passkeys.</p>
      <ol className="grid grid-cols-2 gap-2 font-mono text-base" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1">
            {c}
          </li>
        ))}
      </ol>
      <Button className="self-start" onClick={onDone}>
        I have saved them
      </Button>
    </div>
  );
}


function TotpSetup({ onDone }: { onDone: (codes: string[] | null) => void }) {
  const [setup, setSetup] = useState<{ secret: string; secretGrouped: string; qrSvg: string } | null>(null);
  const [error, setError] = useState<string>();
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ code: string }, { recoveryCodes: string[] | null }>({
    schema: () => twoFactorSchemas().then((m) => m.totpConfirmSchema),
    action: (v) => confirmTotpSetupAction(v),
    defaultValues: { code: '' },
    secrets: ['code'],
    onSuccess: (d) => onDone(d.recoveryCodes),
  });
  if (!setup) {
    return (
      <div className="flex flex-col gap-2">
        {error && <Alert tone="error">{error}</Alert>}
        <Button
          className="self-start"
          onClick={async () => {
            const r = await beginTotpSetupAction();
            if (r.ok) setSetup(r.data);
            else setError(r.formError);
          }}
        >
          Set up an authenticator app
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} {...warm} method="post" noValidate className="flex flex-col gap-4" aria-label="Set up an authenticator app">
      <ol className="flex list-decimal flex-col gap-3 pl-5">
        <li>
          Scan this QR code with your authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password).
          {/* eslint-disable-next-line @next/next/no-img-element -- an inline SVG data URL, not a remote image */}
          <img src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`} alt="QR code to add Account Center to your authenticator app" width={192} height={192} className="mt-2 rounded border border-slate-200 bg-white" />
        </li>
        <li>
          Or type this key into the app:{' '}
          <code className="rounded bg-slate-100 px-2 py-1 font-mono break-all" data-testid="totp-secret" data-secret={setup.secret}>
            {setup.secretGrouped}
          </code>
        </li>
        <li>Enter the 6-digit code the app now shows.</li>
      </ol>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="6-digit code" inputMode="numeric" autoComplete="one-time-code" {...form.register('code')} error={errorOf('code')} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Turn on
        </Button>
        <Button variant="secondary" onClick={() => setSetup(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}


function AddPasskey({ onDone }: { onDone: (codes: string[] | null) => void }) {
  const [open, setOpen] = useState(false);
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ name: string }, { recoveryCodes: string[] | null }>({
    schema: () => twoFactorSchemas().then((m) => m.passkeyNameFormSchema),
    action: async (v) => {
      const options = await passkeyRegistrationOptionsAction();
      if (!options.ok) return options;
      const made = await createPasskey(options.data);
      if (!made.ok) return { ok: false, formError: made.message };
      return registerPasskeyAction({ name: v.name, response: made.response });
    },
    defaultValues: { name: '' },
    onSuccess: (d) => {
      setOpen(false);
      form.reset();
      onDone(d.recoveryCodes);
    },
  });
  if (!open) {
    return (
      <Button className="self-start" variant="secondary" onClick={() => setOpen(true)}>
        Add a passkey
      </Button>
    );
  }
  return (
    <form onSubmit={onSubmit} {...warm} method="post" noValidate className="flex flex-col gap-3" aria-label="Add a passkey">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Passkey name" hint='So you can tell your passkeys apart, e.g. "Work laptop" or "Phone".' {...form.register('name')} error={errorOf('name')} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Waiting for your device…' : 'Create passkey'}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RenamePasskey({ passkey, onDone }: { passkey: PasskeyView; onDone: () => void }) {
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ name: string }, null>({
    schema: () => twoFactorSchemas().then((m) => m.passkeyNameFormSchema),
    action: (v) => renamePasskeyAction({ id: passkey.id, name: v.name }),
    defaultValues: { name: passkey.name },
    onSuccess: onDone,
  });
  return (
    <form onSubmit={onSubmit} {...warm} method="post" noValidate className="mt-2 flex flex-col gap-3" aria-label={`Rename ${passkey.name}`}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="New name" {...form.register('name')} error={errorOf('name')} />
      <div className="flex gap-3">
        <Button type="submit">Save</Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Confirmable({ label, question, onConfirm }: { label: string; question: ReactNode; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <Button variant="secondary" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3" role="group" aria-label={label}>
      <span>{question}</span>
      <Button
        variant="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await onConfirm();
          setBusy(false);
          setAsking(false);
        }}
      >
        {label}
      </Button>
      <Button variant="secondary" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </div>
  );
}

const when = (iso: string | null) => (iso ? formatDateTime(iso) : 'never');

/**
 * Two-step sign-in on the security page: the authenticator app, passkeys and
 * recovery codes. Removing or replacing asks to confirm it is you first (for
 * staff, with their second step too), then carries on by itself.
 */
export function TwoStep({ view, hasPin, isStaff }: { view: TwoFactorView; hasPin: boolean; isStaff: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [reauth, setReauth] = useState<{ retry: Retry; secondStep?: SecondStepChoice } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const on = !!view.totp || view.passkeys.length > 0;

  const added = (newCodes: string[] | null) => {
    setNotice(undefined);
    if (newCodes) setCodes(newCodes);
  };

  /** Runs a sensitive action; when the re-authentication window is closed, asks for it and then runs it again. */
  async function sensitive<T>(run: () => Promise<ActionResult<T>>, done: (data: T) => void) {
    setError(undefined);
    const attempt: Retry = async () => {
      const r = await run();
      if (r.ok) {
        setReauth(null);
        done(r.data);
      } else if (r.formError === NEEDS_REAUTH) setReauth({ retry: attempt });
      else {
        setReauth(null);
        setError(r.formError ?? Object.values(r.fieldErrors ?? {})[0]?.[0]);
      }
    };
    await attempt();
  }

  return (
    <Card id="two-step" title="Two-step sign-in">
      <p className="mt-1 text-slate-700">
        {on ? 'On: after your password or PIN, you also confirm it is you with your app, a passkey or a recovery code.' : 'Off. Add an authenticator app or a passkey so a stolen password alone cannot open your account.'}
        {isStaff && !on && ' Staff accounts must turn it on before using staff pages.'}
      </p>
      <div className="mt-4 flex flex-col gap-6">
        {notice && <Alert tone="success">{notice}</Alert>}
        {error && <Alert tone="error">{error}</Alert>}
        {codes && <RecoveryCodesOnce codes={codes} onDone={() => setCodes(null)} />}
        {reauth && !reauth.secondStep && (
          <ReauthForm allowPin={hasPin} onCancel={() => setReauth(null)} onDone={(r) => (r.secondStep ? setReauth({ ...reauth, secondStep: r.secondStep }) : void reauth.retry())} />
        )}
        {reauth?.secondStep && <FactorReauth {...reauth.secondStep} onCancel={() => setReauth(null)} onDone={() => void reauth.retry()} />}

        <section aria-labelledby="totp-title" className="flex flex-col gap-2">
          <h3 id="totp-title" className="font-semibold">
            Authenticator app
          </h3>
          {view.totp ? (
            <>
              <p>
                On since {formatDateTime(view.totp.addedAt)} · last used {when(view.totp.lastUsedAt)}
              </p>
              <div>
                <Confirmable
                  label="Remove authenticator app"
                  question="Remove the app from two-step sign-in?"
                  onConfirm={() => sensitive(() => removeTotpAction(), () => setNotice('The authenticator app was removed.'))}
                />
              </div>
            </>
          ) : (
            <TotpSetup onDone={added} />
          )}
        </section>

        <section aria-labelledby="passkeys-title" className="flex flex-col gap-2">
          <h3 id="passkeys-title" className="font-semibold">
            Passkeys
          </h3>
          <p className="text-slate-700">Sign in with your fingerprint, face or device PIN instead of a code. A passkey also signs you in without your password.</p>
          {view.passkeys.length > 0 && (
            <ul className="divide-y divide-slate-100" aria-label="Your passkeys">
              {view.passkeys.map((p) => (
                <li key={p.id} className="flex flex-col gap-2 py-3">
                  <div>
                    <span className="font-medium">{p.name}</span>
                    {p.synced && <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-sm">synced</span>}
                  </div>
                  <p className="text-slate-700">
                    Added {formatDateTime(p.addedAt)} · last used {when(p.lastUsedAt)}
                  </p>
                  {renaming === p.id ? (
                    <RenamePasskey passkey={p} onDone={() => setRenaming(null)} />
                  ) : (
                    <div className="flex flex-wrap gap-3">
                      <Button variant="secondary" onClick={() => setRenaming(p.id)} aria-label={`Rename ${p.name}`}>
                        Rename
                      </Button>
                      <Confirmable
                        label={`Remove ${p.name}`}
                        question={`Remove the passkey "${p.name}"?`}
                        onConfirm={() => sensitive(() => removePasskeyAction({ id: p.id }), () => setNotice(`The passkey "${p.name}" was removed.`))}
                      />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <AddPasskey onDone={added} />
        </section>

        {on && (
          <section aria-labelledby="recovery-title" className="flex flex-col gap-2">
            <h3 id="recovery-title" className="font-semibold">
              Recovery codes
            </h3>
            <p>
              {view.recoveryCodesLeft} of 10 unused. Each signs you in once if you lose your app and passkeys.
            </p>
            <div>
              <Confirmable
                label="Create new recovery codes"
                question="The old codes will stop working."
                onConfirm={() => sensitive(() => regenerateRecoveryCodesAction(), (d) => setCodes(d.codes))}
              />
            </div>
          </section>
        )}
      </div>
    </Card>
  );
}
