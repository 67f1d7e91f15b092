import 'server-only';
import { RETENTION } from '@/lib/retention';

/**
 * Everything "Download your data" contains: one collection per kind of record,
 * each read from the database with a fixed column list (secrets are simply
 * never selected) and explained in README.html as GDPR Art. 15(1) asks:
 * purpose, retention, recipients and source.
 *
 * `tables` are the tables a collection covers. The completeness test
 * (collections.test.ts) reads the schema from Postgres and fails for any table
 * with a column referring to a user that is neither covered here nor in
 * EXPORT_EXCLUSIONS with a reason.
 */
export interface ExportCollection {
  /** File name stem (`<name>.csv`) and key in data.json. */
  name: string;
  title: string;
  tables: readonly string[];
  /** Output column → SQL expression; `$1` is the customer's id. Constants only, never input. */
  columns: Readonly<Record<string, string>>;
  from: string;
  where: string;
  orderBy: string;
  purpose: string;
  retention: string;
  recipients: string;
  source: string;
}

/** A timestamp as ISO 8601 in UTC, whatever the session's time zone or the driver's type parsers. */
const iso = (expr: string) => `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const WHILE_ACCOUNT = 'While you have an account; deleted when your account is deleted (after the grace period).';
const US_ONLY = 'Only us. Staff see it only while handling your requests, and every look is logged (see staff_access).';

export const EXPORT_COLLECTIONS = [
  {
    name: 'account',
    title: 'Account and sign-in identities',
    tables: ['users'],
    columns: {
      id: 'u.id',
      username: 'u.username',
      email: 'u.email',
      email_verified_at: iso('u.email_verified_at'),
      mobile: 'u.mobile',
      mobile_verified_at: iso('u.mobile_verified_at'),
      pin_set: 'u.pin_hash is not null',
      role: 'u.role',
      status: 'u.status',
      created_at: iso('u.created_at'),
      updated_at: iso('u.updated_at'),
    },
    from: 'users u',
    where: 'u.id = $1',
    orderBy: 'u.id',
    purpose: 'To let you sign in (username and password, or mobile number and PIN) and to reach you about your account.',
    retention: WHILE_ACCOUNT,
    recipients: `${US_ONLY} Your email address and mobile number go to our email and SMS provider when we write to you.`,
    source: 'You, when you signed up or changed them; verification times from the links and codes you confirmed.',
  },
  {
    name: 'profile',
    title: 'Profile',
    tables: ['profiles'],
    columns: {
      full_name: 'p.full_name',
      preferred_name: 'p.preferred_name',
      date_of_birth: 'p.date_of_birth::text',
      address_line1: 'p.address_line1',
      address_line2: 'p.address_line2',
      city: 'p.city',
      region: 'p.region',
      postal_code: 'p.postal_code',
      country: 'p.country',
      company: 'p.company',
      preferred_language: 'p.preferred_language',
      time_zone: 'p.time_zone',
      updated_at: iso('p.updated_at'),
    },
    from: 'profiles p',
    where: 'p.user_id = $1',
    orderBy: 'p.user_id',
    purpose: 'The personal details you chose to give us, to provide the service and address you as you like.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'You; or staff, when they corrected an item after your inaccuracy report.',
  },
  {
    name: 'profile_changes',
    title: 'Profile change history',
    tables: ['profile_changes'],
    columns: { field: 'c.field', kind: 'c.kind', changed_by: 'c.actor', report_id: 'c.report_id', changed_at: iso('c.changed_at') },
    from: 'profile_changes c',
    where: 'c.user_id = $1',
    orderBy: 'c.id',
    purpose: 'So you can see when each detail changed and who changed it. It never holds the values, so a removed detail leaves no copy.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'Recorded by our systems when you or staff changed your profile.',
  },
  {
    name: 'sessions',
    title: 'Sign-in sessions',
    tables: ['sessions'],
    columns: {
      started_at: iso('s.created_at'),
      last_seen_at: iso('s.last_seen_at'),
      expires_at: iso('s.absolute_expires_at'),
      method: 's.auth_method',
      ip: 'host(s.ip)',
      user_agent: 's.user_agent',
      reauthenticated_at: iso('s.reauthenticated_at'),
      reauthenticated_with: 's.reauth_method',
      ended_at: iso('s.revoked_at'),
      ended_because: 's.revoked_reason',
    },
    from: 'sessions s',
    where: 's.user_id = $1',
    orderBy: 's.created_at, s.id',
    purpose: 'To keep you signed in safely, show where you are signed in and let you sign out elsewhere. IP addresses help us diagnose server problems and spot misuse.',
    retention: `Deleted ${RETENTION.sessionMarginHours} hours after the session's absolute expiry (sessions last at most 12 hours).`,
    recipients: US_ONLY,
    source: 'Recorded by our systems when you signed in and used the site (IP address and browser from your requests).',
  },
  {
    name: 'login_history',
    title: 'Sign-in history',
    tables: ['login_events'],
    columns: { at: iso('e.created_at'), success: 'e.success', method: 'e.method', outcome: 'e.reason', ip: 'host(e.ip)', user_agent: 'e.user_agent' },
    from: 'login_events e',
    where: 'e.user_id = $1',
    orderBy: 'e.id',
    purpose: 'To show you every sign-in attempt on your account and protect it against guessing. IP addresses help us diagnose server problems.',
    retention: `${RETENTION.loginHistoryDays} days, then deleted automatically.`,
    recipients: US_ONLY,
    source: 'Recorded by our systems at each sign-in attempt with your username, email or mobile number.',
  },
  {
    name: 'consents',
    title: 'Communication choices',
    tables: ['consents'],
    columns: { topic: 'c.topic', state: 'c.state', updated_at: iso('c.updated_at') },
    from: 'consents c',
    where: 'c.user_id = $1',
    orderBy: 'c.topic',
    purpose: 'To send you only the optional emails you agreed to. Service and security messages are not optional and have no row here.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'You: at sign-up, in your communication settings, or with a link in an email.',
  },
  {
    name: 'consent_history',
    title: 'Communication choices: history',
    tables: ['consent_events'],
    // A change staff made at the customer's request records the staff member's address and browser: theirs, not the customer's, so not exported.
    columns: {
      at: iso('e.created_at'),
      topic: 'e.topic',
      state: 'e.state',
      source: 'e.source',
      policy_version: 'e.policy_version',
      ip: "case when e.source = 'admin' then null else host(e.ip) end",
      user_agent: "case when e.source = 'admin' then null else e.user_agent end",
    },
    from: 'consent_events e',
    where: 'e.user_id = $1',
    orderBy: 'e.id',
    purpose: 'Our record of when and how you gave or withdrew each consent, which the law asks us to be able to show.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'Recorded by our systems each time you changed a choice (or our staff withdrew one at your request), with the privacy policy version in force.',
  },
  {
    name: 'policy_acknowledgements',
    title: 'Privacy policy acknowledgements',
    tables: ['policy_acknowledgements'],
    columns: { policy_version: 'v.version', acknowledged_at: iso('a.acknowledged_at'), ip: 'host(a.ip)', user_agent: 'a.user_agent' },
    from: 'policy_acknowledgements a join policy_versions v on v.id = a.policy_version_id',
    where: 'a.user_id = $1',
    orderBy: 'a.acknowledged_at, v.id',
    purpose: 'To show that we told you about changes to our privacy policy and when you saw them.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'Recorded by our systems when you acknowledged a policy notice.',
  },
  {
    name: 'reports',
    title: 'Inaccuracy reports',
    tables: ['reports'],
    columns: {
      report_id: 'r.id',
      item: 'r.item',
      value_when_reported: 'r.current_value',
      proposed_value: 'r.proposed_value',
      explanation: 'r.explanation',
      statement: 'r.statement',
      status: 'r.status',
      created_at: iso('r.created_at'),
      confirmed_at: iso('r.verified_at'),
      due_at: iso('r.due_at'),
      extended: 'r.extended',
      extension_reason: 'r.extension_reason',
      decided_at: iso('r.decided_at'),
      updated_at: iso('r.updated_at'),
    },
    from: 'reports r',
    where: 'r.user_id = $1',
    orderBy: 'r.id',
    purpose: 'To review and correct information you told us is wrong (your right to rectification).',
    retention: WHILE_ACCOUNT,
    recipients: 'Only us: the staff member reviewing the report (by role; the log in staff_access shows each look).',
    source: 'You, when you raised the report; status and dates from the review.',
  },
  {
    name: 'report_timeline',
    title: 'Inaccuracy reports: timelines',
    tables: ['report_events'],
    columns: { report_id: 'e.report_id', at: iso('e.at'), kind: 'e.kind', status: 'e.status', message: 'e.body', by_role: 'e.actor_role' },
    from: 'report_events e join reports r on r.id = e.report_id',
    where: 'r.user_id = $1 and not e.internal',
    orderBy: 'e.report_id, e.id',
    purpose: 'The history of each report as you see it in your account: status changes with the reason given, your answers, extensions.',
    retention: 'As long as the report (while you have an account).',
    recipients: 'Only us: the staff reviewing your report.',
    source: 'You (your answers) and our staff (decisions and reasons, by role, never by name).',
  },
  {
    name: 'staff_access',
    title: 'Staff access to your information',
    tables: ['audit_log'],
    columns: { at: iso('l.at'), staff_role: 'l.actor_role', action: 'l.action', report_id: 'l.report_id', reason: 'l.reason' },
    from: 'audit_log l',
    where: "l.subject_user_id = $1 and l.actor_role in ('staff', 'admin')",
    orderBy: 'l.id',
    purpose: 'Every time staff viewed or acted on your information, so you can check that access was limited to what your requests needed.',
    retention: 'Append-only, kept while you have an account. It names staff by role only, never by name.',
    recipients: 'Only us (administrators review it).',
    source: 'Recorded by our systems at the moment of each staff view or action.',
  },
  {
    name: 'purchases',
    title: 'Purchases',
    tables: ['orders'],
    columns: {
      reference: 'o.reference',
      placed_at: iso('o.placed_at'),
      description: 'o.description',
      amount_minor_units: 'o.amount_minor',
      currency: 'o.currency',
      card_brand: 'o.card_brand',
      card_last4: 'o.card_last4',
    },
    from: 'orders o',
    where: 'o.user_id = $1',
    orderBy: 'o.placed_at, o.id',
    purpose: 'To provide what you bought, confirm purchases and keep the accounts that tax law requires. We keep only the card brand and its last four digits, never the card number.',
    retention: 'While you have an account. When it is deleted, an anonymized copy (no link to you) is kept as long as tax law requires.',
    recipients: 'Us and our payment processor (which holds the card itself); tax authorities if they audit us.',
    source: 'You, when you bought something; the card brand and last four digits from the payment processor.',
  },
  {
    name: 'messages',
    title: 'Emails and text messages sent to you',
    tables: ['outbox'],
    columns: { at: iso('m.created_at'), channel: 'm.channel', to_address: 'm.recipient', subject: 'm.subject', topic: 'm.topic', status: 'm.status', sent_at: iso('m.sent_at') },
    from: 'outbox m',
    where: 'm.user_id = $1',
    orderBy: 'm.id',
    purpose: 'To send you service, security and (if you agreed) promotional messages, and to know what we sent. Message bodies are not included: they can hold one-time codes and links.',
    retention: WHILE_ACCOUNT,
    recipients: 'Us and our email and SMS delivery provider.',
    source: 'Recorded by our systems when each message was sent.',
  },
  {
    name: 'security_events',
    title: 'Account activity',
    tables: ['security_events'],
    columns: { at: iso('e.created_at'), kind: 'e.kind', ip: 'host(e.ip)', user_agent: 'e.user_agent' },
    from: 'security_events e',
    where: 'e.user_id = $1',
    orderBy: 'e.id',
    purpose: 'Security-relevant actions on your account (data downloads, deletion scheduled or cancelled), shown under Security, and the download limit.',
    retention: WHILE_ACCOUNT,
    recipients: US_ONLY,
    source: 'Recorded by our systems when the action happened, with the IP address and browser of the request.',
  },
  {
    name: 'deletion_schedule',
    title: 'Account deletion schedule',
    tables: ['account_deletions'],
    columns: { requested_at: iso('d.requested_at'), deletion_after: iso('d.purge_after') },
    from: 'account_deletions d',
    where: 'd.user_id = $1',
    orderBy: 'd.user_id',
    purpose: 'If you asked us to delete your account: when you asked and when the deletion will happen, so you can cancel before then.',
    retention: 'Until the account is deleted or you cancel.',
    recipients: US_ONLY,
    source: 'You, when you asked to delete your account.',
  },
] as const satisfies readonly ExportCollection[];

/**
 * Tables that refer to a user but are deliberately not in the export, each
 * with the reason. The completeness test accepts a table only if it is here
 * or covered by a collection.
 */
export const EXPORT_EXCLUSIONS: Readonly<Record<string, string>> = {
  verifications:
    'One-time codes and links: only a hash of each secret and the address it was sent to (already in `account`), deleted 24 hours after expiry or use. The hashes are secrets.',
  throttles: 'Counters of failed attempts keyed on a sign-in identifier, kept minutes to hours; a security control whose keys are identifiers already in `account`.',
  account_tombstones: 'Written only after an account is purged, and holds no personal data; it cannot exist for an account that can still download.',
  policy_versions: 'The public privacy policy texts; `published_by` refers to the staff member who published one, not to the customer.',
  campaigns: 'Promotional campaigns; `created_by` is the staff author. What was sent to the customer is in `messages`.',
};

export type CollectionName = (typeof EXPORT_COLLECTIONS)[number]['name'];
