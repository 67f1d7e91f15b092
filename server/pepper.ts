import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from './env';

/**
 * HMAC-SHA256 keyed with the pepper (held outside the database), base64url:
 * how every stored link secret, code and suppressed address is kept, so a copy
 * of the database alone reveals none of them. Callers prefix a purpose
 * (`suppress:`, `cancel-deletion:`) where one value could serve two uses.
 */
export const pepperHmac = (value: string) => createHmac('sha256', env().AUTH_PEPPER).update(value).digest('base64url');
