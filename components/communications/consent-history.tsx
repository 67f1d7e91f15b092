import { CONSENT_SOURCE_LABELS, TOPICS, type ConsentState } from '@/lib/consent';
import type { ConsentHistoryEntry } from '@/lib/consent-view';
import { formatDateTime } from '@/lib/format';
import { Card } from '@/components/ui/card';

/** What each ledger row changed, in words that read as past events. */
const CHANGES: Record<ConsentState, string> = { granted: 'subscribed', withdrawn: 'unsubscribed', pending: 'asked to subscribe (waiting for confirmation)' };

/** The customer's own consent ledger: every change, when, how, under which policy version and from which address. */
export function ConsentHistory({ entries, limit }: { entries: ConsentHistoryEntry[]; limit: number }) {
  return (
    <Card id="consent-history" title="History of your choices">
      <p className="mt-1 text-slate-700">
        Every change to your email choices, newest first{entries.length >= limit ? ` (the latest ${limit}; your data export has them all)` : ''}.
      </p>
      {entries.length === 0 ? (
        <p className="mt-3">You have not made any choices yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100">
          {entries.map((e) => (
            <li key={e.id} className="py-3" data-testid="consent-event">
              <p className="font-medium">
                {TOPICS[e.topic].label}: {CHANGES[e.state]}
              </p>
              <p className="text-sm text-slate-700">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {CONSENT_SOURCE_LABELS[e.source]}
                {e.policyVersion ? ` · privacy policy ${e.policyVersion}` : ''}
                {e.ip ? ` · IP ${e.ip}` : ''}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
