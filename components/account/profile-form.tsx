'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { removeFieldAction, saveProfileAction, type SaveResult } from '@/app/(account)/account/profile/actions';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { DisputedBadge } from '@/components/reports/badges';
import { PROFILE_CHOICES_URL, timeZoneLabel, type ProfileChoices } from '@/lib/profile-choices';
import type { ProfileInput } from '@/lib/validation/profile';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField } from '@/lib/validation/profile-fields';

export type ProfileValuesView = Record<ProfileField, string | null>;

const toForm = (v: ProfileValuesView, version: number): ProfileInput => ({ ...(Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [f, v[f] ?? ''])) as Record<ProfileField, string>), version });

export const fieldId = (f: ProfileField) => `profile-${f}`;

const HINTS: Partial<Record<ProfileField, string>> = {
  preferredName: 'What you would like us to call you.',
  dateOfBirth: 'Year-month-day, for example 1990-04-21.',
};

type Option = { value: string; label: string };

const pairs = (list: ProfileChoices['countries']): Option[] => list.map(([value, label]) => ({ value, label }));

// One download per page load, shared by every mount; a failed one is tried again on the next use.
let choicesRequest: Promise<ProfileChoices> | undefined;
function loadChoices(): Promise<ProfileChoices> {
  choicesRequest ??= fetch(PROFILE_CHOICES_URL).then((r) => (r.ok ? (r.json() as Promise<ProfileChoices>) : Promise.reject(new Error(`${r.status}`))));
  return choicesRequest.catch((e: unknown) => {
    choicesRequest = undefined;
    throw e;
  });
}

export function ProfileForm({
  initial,
  version: initialVersion,
  saved: savedOptions,
  disputed = [],
}: {
  initial: ProfileValuesView;
  version: number;
  /** The saved choices of the three lists; the rest are loaded (lib/profile-choices.ts). */
  saved: ProfileChoices;
  /** Fields with an open inaccuracy report: badged "Disputed, under review". */
  disputed?: ProfileField[];
}) {
  // The server renders each select with its saved choice only; the full lists arrive when the page
  // is idle or the form is first touched, whichever comes first (before a select can open).
  const [options, setOptions] = useState<ProfileChoices>(savedOptions);
  const [choicesFailed, setChoicesFailed] = useState(false);
  // Asked again on every touch: once loaded it is the same resolved download, and React skips the unchanged state.
  const wantChoices = useCallback(() => {
    loadChoices().then(
      (all) => {
        setOptions(all);
        setChoicesFailed(false);
      },
      () => setChoicesFailed(true),
    );
  }, []);
  useEffect(() => whenIdle(wantChoices), [wantChoices]);
  const lists = useMemo(() => ({ countries: pairs(options.countries), languages: pairs(options.languages), timeZones: options.timeZones.map((z) => ({ value: z, label: timeZoneLabel(z) })) }), [options]);
  const describe = (field: ProfileField, value: string | null) => {
    if (!value) return 'not set';
    const list = field === 'country' ? lists.countries : field === 'preferredLanguage' ? lists.languages : undefined;
    return list?.find((o) => o.value === value)?.label ?? value;
  };
  const optionList = (list: Option[]) => [
    <option key="" value="">
      Not set
    </option>,
    ...list.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    )),
  ];
  const [saved, setSaved] = useState<ProfileValuesView>(initial);
  const [notice, setNotice] = useState<string>();
  const [conflict, setConflict] = useState<ProfileValuesView>();

  const afterResult = (r: SaveResult, keepTyped: boolean) => {
    if (r.status === 'conflict') {
      setConflict(r.current);
      setNotice(undefined);
      // Keep what the user typed, at the current version: saving again is a deliberate choice.
      form.setValue('version', r.version);
      return;
    }
    setConflict(undefined);
    setSaved(r.values);
    form.reset(keepTyped ? { ...form.getValues(), version: r.version } : toForm(r.values, r.version));
    setNotice(r.status === 'unchanged' ? 'Nothing to save: you have not changed anything.' : 'Your changes are saved.');
  };

  // The schema (zod) is loaded when the form is first focused or touched, and every validation waits for it.
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<ProfileInput, SaveResult>({
    schema: () => import('@/lib/validation/profile').then((m) => m.profileSchema()),
    action: saveProfileAction,
    defaultValues: toForm(initial, initialVersion),
    onSuccess: (r) => afterResult(r, false),
  });

  async function remove(field: ProfileField) {
    const result = await removeFieldAction({ field, version: form.getValues('version') });
    if (!result.ok) return setNotice(result.formError);
    if (result.data.status !== 'conflict') form.setValue(field, '');
    afterResult(result.data, true);
  }

  const touched = () => {
    wantChoices();
    warm.onFocus();
  };

  const hintOf = (field: ProfileField) =>
    disputed.includes(field) ? (
      <>
        {HINTS[field]} <DisputedBadge />
      </>
    ) : (
      HINTS[field]
    );
  const input = (field: ProfileField, extra: Partial<React.ComponentProps<typeof Field>> = {}) => (
    <Field id={fieldId(field)} label={PROFILE_FIELDS[field].label} hint={hintOf(field)} {...extra} {...form.register(field)} error={errorOf(field)} />
  );
  const removable = (field: ProfileField) =>
    !PROFILE_FIELDS[field].required &&
    saved[field] && (
      <ConfirmDialog
        trigger="Remove"
        triggerLabel={`Remove ${PROFILE_FIELDS[field].label.toLowerCase()}`}
        title={`Remove your ${PROFILE_FIELDS[field].label.toLowerCase()}?`}
        description={<p>We will delete it from our records. Your change history will show that it was removed, but not what it was.</p>}
        confirmLabel="Remove"
        onConfirm={() => remove(field)}
      />
    );
  const row = (field: ProfileField, control: React.ReactNode) => (
    <div key={field} className="flex items-end gap-2">
      <div className="min-w-0 flex-1">{control}</div>
      {removable(field)}
    </div>
  );

  return (
    <form method="post" onSubmit={onSubmit} {...warm} onFocus={touched} onPointerDown={touched} noValidate className="flex flex-col gap-6" aria-labelledby="personal-details">
      {formError && <Alert tone="error">{formError}</Alert>}
      {choicesFailed && <Alert tone="error">We could not load the lists of countries, languages and time zones. Check your connection: they load again when you next use the form.</Alert>}
      {notice && !formError && <Alert tone="success">{notice}</Alert>}
      {conflict && (
        <Alert tone="error">
          <p className="font-semibold">Your details were changed somewhere else (another tab or device) since you opened this page. Nothing was saved.</p>
          <p className="mt-2">The current values are:</p>
          <ul className="mt-1 list-disc pl-5">
            {PROFILE_FIELD_NAMES.filter((f) => (conflict[f] ?? null) !== (saved[f] ?? null) || form.getValues(f) !== (conflict[f] ?? '')).map((f) => (
              <li key={f}>
                {PROFILE_FIELDS[f].label}: <span className="font-medium">{describe(f, conflict[f])}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2">Save again to replace them with what you entered, or load the current values.</p>
          <Button
            variant="secondary"
            className="mt-3"
            onClick={() => {
              form.reset(toForm(conflict, Number(form.getValues('version'))));
              setSaved(conflict);
              setConflict(undefined);
            }}
          >
            Load the current values
          </Button>
        </Alert>
      )}
      <input type="hidden" {...form.register('version')} />
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-lg font-semibold">About you</legend>
        {row('fullName', input('fullName', { autoComplete: 'name' }))}
        {row('preferredName', input('preferredName', { autoComplete: 'nickname' }))}
        {row('dateOfBirth', input('dateOfBirth', { inputMode: 'numeric', autoComplete: 'bday', placeholder: 'YYYY-MM-DD' }))}
        {row('company', input('company', { autoComplete: 'organization' }))}
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-lg font-semibold">Postal address</legend>
        {row('addressLine1', input('addressLine1', { autoComplete: 'address-line1' }))}
        {row('addressLine2', input('addressLine2', { autoComplete: 'address-line2' }))}
        {row('city', input('city', { autoComplete: 'address-level2' }))}
        {row('region', input('region', { autoComplete: 'address-level1' }))}
        {row('postalCode', input('postalCode', { autoComplete: 'postal-code' }))}
        {row(
          'country',
          <SelectField id={fieldId('country')} hint={hintOf('country')} label="Country" autoComplete="country" {...form.register('country')} error={errorOf('country')}>
            {optionList(lists.countries)}
          </SelectField>,
        )}
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-lg font-semibold">Preferences</legend>
        {row(
          'preferredLanguage',
          <SelectField id={fieldId('preferredLanguage')} hint={hintOf('preferredLanguage')} label="Preferred language" {...form.register('preferredLanguage')} error={errorOf('preferredLanguage')}>
            {optionList(lists.languages)}
          </SelectField>,
        )}
        {row(
          'timeZone',
          <SelectField id={fieldId('timeZone')} hint={hintOf('timeZone')} label="Time zone" {...form.register('timeZone')} error={errorOf('timeZone')}>
            {optionList(lists.timeZones)}
          </SelectField>,
        )}
      </fieldset>
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Saving…' : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}

/** Runs `f` once the browser is idle (at the latest after a second); returns the cancel. */
function whenIdle(f: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(f, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(f, 200);
  return () => clearTimeout(id);
}
