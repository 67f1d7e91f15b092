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
