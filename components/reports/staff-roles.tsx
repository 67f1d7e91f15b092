'use client';
import { useState } from 'react';
import { demoteAction, promoteAction } from '@/app/admin/staff/actions';
import { useReauthRetry } from '@/components/account/reauth';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { promoteSchema } from '@/lib/validation/reports';
import { Card } from '@/components/ui/card';

type Member = { id: string; username: string; role: 'customer' | 'staff' | 'admin'; status: string };
type PromoteInput = { user: string; role: 'staff' | 'admin'; reason: string };

/** Admins: who has staff access, give it (promote) or take it away (demote). Your own role is not editable here. */
export function StaffRoles({ members, me }: { members: Member[]; me: string }) {
  const [flash, setFlash] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [reason, setReason] = useState('');
  // Role changes need the password within 5 minutes: asked for in a dialog, then the change is retried.
  const { withReauth, dialog } = useReauthRetry();
  const { form, onSubmit, formError, errorOf } = useActionForm<PromoteInput, { userId: string; username: string }>({
    schema: promoteSchema,
    action: (v) => withReauth(() => promoteAction(v)),
    defaultValues: { user: '', role: 'staff', reason: '' },
    onSuccess: (r) => {
      setFlash({ tone: 'success', text: `${r.username} now has ${form.getValues('role') === 'admin' ? 'administrator' : 'staff'} access. They were signed out and told by email.` });
      form.reset({ user: '', role: 'staff', reason: '' });
    },
  });

  return (
    <div className="flex flex-col gap-6">
      {dialog}
      {flash && <Alert tone={flash.tone}>{flash.text}</Alert>}
      <Card id="members" title="Staff and administrators">
        <ul className="mt-2 divide-y divide-slate-100">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="staff-member">
              <span>
                <span className="font-medium">{m.username}</span> · {m.role === 'admin' ? 'Administrator' : 'Staff'}
                {m.status !== 'active' && ` · ${m.status}`}
                {m.id === me && ' (you)'}
              </span>
              {m.id !== me && (
                <ConfirmDialog
                  trigger="Remove staff access"
                  triggerLabel={`Remove staff access from ${m.username}`}
                  title={`Remove ${m.username}'s staff access?`}
                  description={
                    <div className="flex flex-col gap-3">
                      <p>They become a customer, are signed out everywhere, and any report they hold goes back to the queue.</p>
                      <label className="flex flex-col gap-1">
                        <span className="font-medium">Reason (kept in the audit log)</span>
                        <input className="min-h-11 rounded-md border border-slate-400 px-3" value={reason} onChange={(e) => setReason(e.target.value)} />
                      </label>
                    </div>
                  }
                  confirmLabel="Remove access"
                  onConfirm={async () => {
                    const r = await withReauth(() => demoteAction({ userId: m.id, reason }));
                    setReason('');
                    setFlash(r.ok ? { tone: 'success', text: `${m.username} is a customer again.` } : { tone: 'error', text: r.formError ?? r.fieldErrors?.reason?.[0] ?? 'That did not work.' });
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      </Card>
      <Card id="promote" title="Give someone staff access">
        <p className="mt-1 text-slate-700">Staff sign in with a password only: any PIN on the account is removed. The person is signed out and told by email.</p>
        <form method="post" onSubmit={onSubmit} noValidate className="mt-4 flex flex-col gap-4" aria-labelledby="promote">
          {formError && <Alert tone="error">{formError}</Alert>}
          <Field label="Username or email address" autoComplete="off" {...form.register('user')} error={errorOf('user')} />
          <SelectField label="Role" {...form.register('role')} error={errorOf('role')}>
            <option value="staff">Staff (reviews reports)</option>
            <option value="admin">Administrator (also manages staff)</option>
          </SelectField>
          <Field label="Reason" hint="Kept in the audit log and shown to the person in their access log." {...form.register('reason')} error={errorOf('reason')} />
          <div>
            <Button type="submit" disabled={form.formState.isSubmitting}>
              Give access
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
