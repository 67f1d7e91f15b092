import { MESSAGES } from './messages';
import type { ActionResult } from './result';

/** What a sensitive action answers when the 5-minute re-authentication window is closed; the page then asks for the password and tries again. */
export const NEEDS_REAUTH = MESSAGES.needs_reauth;

/** The action refused only because the session must re-authenticate first. */
export const needsReauth = (result: ActionResult<unknown>) => !result.ok && result.formError === NEEDS_REAUTH;
