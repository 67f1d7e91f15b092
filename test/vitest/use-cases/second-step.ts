/** server/auth/second-step.ts as app/(auth)/actions.ts runs it: the passkey options each in one transaction (see README.md). */
import * as secondStep from '@/server/auth/second-step';
import { inTransaction } from '../../kit/use-case';

export * from '@/server/auth/second-step';
export const secondStepPasskeyOptions = inTransaction(secondStep.secondStepPasskeyOptions);
export const startPasskeySignIn = inTransaction(secondStep.startPasskeySignIn);
