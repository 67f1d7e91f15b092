/** Mail topics as customers see them (shared by the preference center, sign-up, emails and the admin). */
export const TOPICS = {
  service: { label: 'Service messages', description: 'Receipts, changes to your account and to our policy.', mandatory: true },
  security: { label: 'Security alerts', description: 'New sign-ins, password and PIN changes, data downloads.', mandatory: true },
  product_updates: { label: 'Product updates', description: 'New features and improvements, about once a month.', mandatory: false },
  offers: { label: 'Offers and promotions', description: 'Discounts and special offers.', mandatory: false },
  newsletter: { label: 'Newsletter', description: 'Our monthly newsletter.', mandatory: false },
} as const;

export type Topic = keyof typeof TOPICS;
export const TOPIC_KEYS = Object.keys(TOPICS) as Topic[];
/** The topics a customer can switch on or off: promotional mail. */
export const OPTIONAL_TOPICS = TOPIC_KEYS.filter((t) => !TOPICS[t].mandatory) as Exclude<Topic, 'service' | 'security'>[];
export type OptionalTopic = (typeof OPTIONAL_TOPICS)[number];
export const isOptionalTopic = (t: string): t is OptionalTopic => (OPTIONAL_TOPICS as string[]).includes(t);

/** Why mandatory topics cannot be switched off (shown beside the locked switches). */
export const MANDATORY_REASON = 'We must be able to tell you about your account and its security while you have the service. To stop these emails, delete your account.';

export type ConsentState = 'pending' | 'granted' | 'withdrawn';
export type ConsentSource = 'signup' | 'settings' | 'email_link' | 'one_click' | 'double_opt_in' | 'account_deletion' | 'admin';

export const CONSENT_SOURCE_LABELS: Record<ConsentSource, string> = {
  signup: 'When you signed up',
  settings: 'In your communication settings',
  email_link: 'Unsubscribe link in an email',
  one_click: 'Unsubscribe button in your email app',
  double_opt_in: 'Confirmation link in an email',
  account_deletion: 'When you asked to delete your account',
  admin: 'By our staff',
};

