'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@/components/ui/link';
import { useState } from 'react';
import { resendConfirmationAction, setTopicAction, unsubscribeAllAction } from '@/app/(account)/account/communications/actions';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { MANDATORY_REASON, OPTIONAL_TOPICS, TOPIC_KEYS, TOPICS, type ConsentState, type OptionalTopic } from '@/lib/consent';
import type { PreferencesView } from '@/lib/consent-view';
import type { ActionResult } from '@/lib/result';
import { ConsentHistory } from './consent-history';
import { TopicSwitch } from './topic-switch';
import { Card } from '@/components/ui/card';

const KEY = ['communications'];
const MUTATION_KEY = ['communications', 'change'];
const NOT_SAVED = 'We could not save your change. Check your connection and try again.';

async function fetchPreferences(): Promise<PreferencesView> {
  const res = await fetch('/api/account/communications', { cache: 'no-store' });
  if (res.status === 401) hardNavigate('/sign-in');
  if (!res.ok) throw new Error('Could not load your email choices.');
  return (await res.json()) as PreferencesView;
}

/** An action's data, or an Error carrying the message to show (a request that never arrived included). */
async function unwrap<T>(call: () => Promise<ActionResult<T>>): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await call();
  } catch {
    throw new Error(NOT_SAVED);
  }
  if (!result.ok) throw new Error(result.formError ?? NOT_SAVED);
  return result.data;
}

type Message = { tone: 'success' | 'error'; text: string };
const isOn = (s: ConsentState) => s !== 'withdrawn';

/**
 * The preference center. Switches save at once with optimistic UI: the
 * switch moves before the server answers, and if the change fails it moves
 * back and a message right under it says so. The server's answer (including
 * the new ledger rows) replaces the cache; a refetch follows the last change.
 */
export function PreferenceCenter({ initial }: { initial: PreferencesView }) {
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: KEY, queryFn: fetchPreferences, initialData: initial, staleTime: 60_000 });
  const [messages, setMessages] = useState<Partial<Record<OptionalTopic | 'all', Message>>>({});
  const say = (where: OptionalTopic | 'all', message?: Message) => setMessages((m) => ({ ...m, [where]: message }));
  const patchStates = (patch: Partial<Record<OptionalTopic, ConsentState>>) =>
    queryClient.setQueryData<PreferencesView>(KEY, (old) => old && { ...old, states: { ...old.states, ...patch } });
  const refetchAfterLast = () => {
    if (queryClient.isMutating({ mutationKey: MUTATION_KEY }) <= 1) void queryClient.invalidateQueries({ queryKey: KEY });
  };

  const setTopic = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: (v: { topic: OptionalTopic; subscribed: boolean }) => unwrap(() => setTopicAction(v)),
    onMutate: async ({ topic, subscribed }) => {
      await queryClient.cancelQueries({ queryKey: KEY });
      const view = queryClient.getQueryData<PreferencesView>(KEY)!;
      const previous = view.states[topic];
      patchStates({ [topic]: subscribed ? (view.emailVerified ? 'granted' : 'pending') : 'withdrawn' });
      say(topic);
      return { previous };
    },
    onError: (error, { topic }, context) => {
      if (context) patchStates({ [topic]: context.previous });
      const still = context && isOn(context.previous) ? 'still on' : 'still off';
      say(topic, { tone: 'error', text: `${error.message} ${TOPICS[topic].label} is ${still}.` });
    },
    onSuccess: (view, { topic }) => {
      // Only this topic's state: another switch may have a change of its own in flight.
      queryClient.setQueryData<PreferencesView>(KEY, (old) => ({ ...view, states: { ...(old ?? view).states, [topic]: view.states[topic] } }));
      say(topic, { tone: 'success', text: view.states[topic] === 'pending' ? `Almost done: we emailed a link to ${view.email}. Open it to confirm.` : 'Saved.' });
    },
    onSettled: refetchAfterLast,
  });

  const unsubscribeAll = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: () => unwrap(() => unsubscribeAllAction()),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: KEY });
      const previous = queryClient.getQueryData<PreferencesView>(KEY)!.states;
      patchStates(Object.fromEntries(OPTIONAL_TOPICS.map((t) => [t, 'withdrawn'])));
      setMessages({});
      return { previous };
    },
    onError: (error, _, context) => {
      if (context) patchStates(context.previous);
      say('all', { tone: 'error', text: `${error.message} Your choices are as they were.` });
    },
    onSuccess: (view) => {
      queryClient.setQueryData(KEY, view);
      say('all', { tone: 'success', text: 'You are unsubscribed from all promotional email. Service messages and security alerts continue.' });
    },
    onSettled: refetchAfterLast,
  });

  const resend = useMutation({
    mutationFn: (topic: OptionalTopic) => unwrap(() => resendConfirmationAction()).then((r) => ({ ...r, topic })),
    onSuccess: ({ sentTo, topic }) => say(topic, { tone: 'success', text: `We sent a new confirmation link to ${sentTo}.` }),
    onError: (error, topic) => say(topic, { tone: 'error', text: error.message }),
  });

  const mandatory = TOPIC_KEYS.filter((t) => TOPICS[t].mandatory);
  return (
    <div className="flex flex-col gap-6">
      <Card id="chosen" title="Emails you choose">
        <p className="mt-1 text-slate-700">Changes save as soon as you switch. Every one of these emails also has a link to unsubscribe.</p>
        {!data.emailVerified && (
          <div className="mt-3">
            <Alert tone="info">Your email address is not confirmed yet, so switching a topic on sends you a link to confirm it first.</Alert>
          </div>
        )}
        <ul className="mt-2 divide-y divide-slate-100">
          {OPTIONAL_TOPICS.map((t) => {
            const state = data.states[t];
            const message = messages[t];
            return (
              <li key={t} className="py-4" data-testid={`topic-${t}`}>
                <div className="flex items-start justify-between gap-4">
                  <div className="min-w-0">
                    <p id={`topic-${t}-label`} className="font-medium">
                      <label htmlFor={`topic-${t}`}>{TOPICS[t].label}</label>
                    </p>
                    <p id={`topic-${t}-about`} className="text-sm text-slate-700">
                      {TOPICS[t].description}
                    </p>
                    <p className="mt-1 text-sm font-medium text-slate-900" data-testid="state">
                      {state === 'granted' ? 'Subscribed' : state === 'pending' ? 'Waiting for your confirmation' : 'Not subscribed'}
                    </p>
                    {state === 'pending' && (
                      <p className="text-sm text-slate-700">
                        We emailed a link to {data.email}.{' '}
                        <Button variant="link" className="min-h-11 sm:min-h-0" onClick={() => resend.mutate(t)} disabled={resend.isPending}>
                          Resend confirmation<span className="sr-only"> for {TOPICS[t].label.toLowerCase()}</span>
                        </Button>
                      </p>
                    )}
                  </div>
                  <TopicSwitch id={`topic-${t}`} checked={isOn(state)} onChange={(on) => setTopic.mutate({ topic: t, subscribed: on })} labelledBy={`topic-${t}-label`} describedBy={`topic-${t}-about`} />
                </div>
                {message?.tone === 'error' && (
                  <div className="mt-2">
                    <Alert tone="error">{message.text}</Alert>
                  </div>
                )}
                <p role="status" className="mt-1 text-sm text-green-800">
                  {message?.tone === 'success' ? message.text : ''}
                </p>
              </li>
            );
          })}
        </ul>
        <div className="mt-2 flex flex-col gap-2 border-t border-slate-100 pt-4">
          <div>
            <Button variant="secondary" onClick={() => unsubscribeAll.mutate()} disabled={unsubscribeAll.isPending}>
              Unsubscribe from all promotional email
            </Button>
          </div>
          {messages.all && <Alert tone={messages.all.tone}>{messages.all.text}</Alert>}
        </div>
      </Card>

      <Card id="required" title="Emails you always get">
        <p id="mandatory-reason" className="mt-1 text-slate-700">
          {MANDATORY_REASON}{' '}
          {/* Not prefetched: rarely followed, and it belongs to the deletion flow. */}
          <Link href="/account/privacy/delete" className="text-brand-700 underline underline-offset-2">
            Cancel the service and delete your account
          </Link>
        </p>
        <ul className="mt-2 divide-y divide-slate-100">
          {mandatory.map((t) => (
            <li key={t} className="flex items-start justify-between gap-4 py-4">
              <div className="min-w-0">
                <p id={`topic-${t}-label`} className="font-medium">
                  {TOPICS[t].label}
                </p>
                <p id={`topic-${t}-about`} className="text-sm text-slate-700">
                  {TOPICS[t].description}
                </p>
                <p className="mt-1 text-sm font-medium text-slate-900">Always on</p>
              </div>
              <TopicSwitch id={`topic-${t}`} checked locked labelledBy={`topic-${t}-label`} describedBy={`topic-${t}-about mandatory-reason`} />
            </li>
          ))}
        </ul>
      </Card>

      <ConsentHistory entries={data.history} limit={data.historyLimit} />
    </div>
  );
}
