'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { useActionFormWith, type ActionFormOptions } from './action-form-core';

/**
 * react-hook-form wired to a server action that returns ActionResult
 * (action-form-core.ts). The same zod schema validates here and in the action.
 * A page that must not ship zod before it is used passes a loader to
 * useLazyActionForm instead (use-lazy-action-form.ts).
 */
export function useActionForm<TValues extends FieldValues, TData>(opts: ActionFormOptions<TValues, TData> & { schema: z.ZodType<unknown, TValues> }) {
  // Validate the raw inputs, but post them untransformed: the action parses them again.
  return useActionFormWith(zodResolver(opts.schema, undefined, { raw: true }), opts);
}
