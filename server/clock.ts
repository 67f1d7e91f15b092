import 'server-only';

/**
 * The time source for every expiry decision. Domain functions take `now` as a
 * parameter defaulting to `clock.now()`, so tests pass any instant instead of waiting.
 */
export const clock = {
  now: (): Date => new Date(),
};
