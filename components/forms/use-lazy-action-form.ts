'use client';
import { useState } from 'react';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { useActionFormWith, type ActionFormOptions } from './action-form-core';

type Lazy<TValues extends FieldValues> = { resolver: Resolver<TValues>; preload: () => void };

/**
 * A resolver whose zod schema (and the zod resolver, and what the schema uses:
 * libphonenumber-js for mobiles) is loaded by `load` the first time it is
 * needed: `preload` (the form is focused or touched) or a validation, which
 * waits for it. No validation is skipped: react-hook-form awaits the resolver
 * before it submits. A failed load is tried again next time.
 */
function lazyZodResolver<TValues extends FieldValues>(load: () => Promise<z.ZodType<unknown, TValues>>): Lazy<TValues> {
  let ready: Promise<Resolver<TValues>> | undefined;
  const get = () =>
    (ready ??= Promise.all([import('@hookform/resolvers/zod'), load()]).then(
      // Validate the raw inputs, but post them untransformed: the action parses them again.
      ([{ zodResolver }, schema]) => zodResolver(schema, undefined, { raw: true }) as Resolver<TValues>,
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    ));
  return {
    resolver: async (values, context, options) => (await get())(values, context, options),
    preload: () => void get().catch(() => {}),
  };
}

/**
 * useActionForm (use-action-form.ts) for a page whose first load must not carry
 * zod: the same schema, loaded with `import()` the moment the form is first
 * focused or touched (spread `warm` on the <form>) and awaited by every
 * validation. The messages are the schema's own, as before.
 */
export function useLazyActionForm<TValues extends FieldValues, TData>(opts: ActionFormOptions<TValues, TData> & { schema: () => Promise<z.ZodType<unknown, TValues>> }) {
  const [lazy] = useState(() => lazyZodResolver(opts.schema));
  const f = useActionFormWith(lazy.resolver, opts);
  const warm = { onFocus: lazy.preload, onPointerDown: lazy.preload, onInput: lazy.preload };
  return { ...f, warm };
}
