import { z } from 'zod';
import { text } from './fields';

/** What the customer types to confirm: one word, in capitals, so it cannot be done by a stray Enter. */
export const DELETE_WORD = 'DELETE';

export const deleteAccountSchema = z.object({
  confirmation: text(`the word ${DELETE_WORD}`)
    .max(100, `Type only the word ${DELETE_WORD}`)
    .refine((v) => v.trim() === DELETE_WORD, `Type ${DELETE_WORD} in capital letters to confirm`),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;
