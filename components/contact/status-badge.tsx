import { CUSTOMER_STATUS_LABELS, STAFF_STATUS_LABELS, type ConversationStatus } from '@/lib/contact';

const TONES: Record<ConversationStatus, string> = {
  unverified: 'bg-amber-100 text-amber-900',
  open: 'bg-brand-50 text-brand-800',
  answered: 'bg-green-100 text-green-900',
  closed: 'bg-slate-100 text-slate-700',
};

export function ConversationStatusBadge({ status, reader }: { status: ConversationStatus; reader: 'writer' | 'staff' }) {
  const label = (reader === 'staff' ? STAFF_STATUS_LABELS : CUSTOMER_STATUS_LABELS)[status];
  return <span className={`inline-block rounded-full px-2 py-0.5 text-sm font-medium ${TONES[status]}`}>{label}</span>;
}
