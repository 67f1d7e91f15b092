import type { ConsentSource, ConsentState, OptionalTopic } from './consent';

/** One row of the consent ledger as the customer sees it. */
export interface ConsentHistoryEntry {
  id: number;
  at: string;
  topic: OptionalTopic;
  state: ConsentState;
  source: ConsentSource;
  policyVersion: string | null;
  ip: string | null;
}

/** Everything the preference center shows; the server actions answer with it so the page never refetches after a change. */
export interface PreferencesView {
  states: Record<OptionalTopic, ConsentState>;
  email: string;
  emailVerified: boolean;
  history: ConsentHistoryEntry[];
  /** Newest ledger rows shown; older ones are in the data export. */
  historyLimit: number;
}

/** A customer's email choices as staff see them at /admin/communications: current states only, not the history. */
export interface StaffConsentView {
  customer: { id: string; username: string; email: string };
  states: Record<OptionalTopic, ConsentState>;
  /** The address is on the do-not-email list: no promotional email reaches it whatever the topics say. */
  suppressed: boolean;
}

/** What a staff withdrawal changed: the topics whose consent it withdrew (none when they were already off). */
export interface StaffWithdrawResult extends StaffConsentView {
  withdrawn: OptionalTopic[];
  /** The address was added to the do-not-email list by this request. */
  newlySuppressed: boolean;
}
