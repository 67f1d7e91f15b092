import { describe, expect, it } from 'vitest';
import { nextStatusPoll, STATUS_POLL_MS, WARNING_POLL_MS } from './session-status';

const now = Date.parse('2030-06-01T08:00:00Z');
const endsIn = (ms: number) => ({ active: true as const, expiresAt: new Date(now + ms).toISOString() });

describe('nextStatusPoll', () => {
  it('asks every 30 s while the end is far off', () => {
    expect(nextStatusPoll(endsIn(14 * 60_000), 120, now)).toBe(STATUS_POLL_MS);
  });

  it('asks just before the warning would open', () => {
    // The warning opens 120 s before the end, 10 s from now: ask at 8 s.
    expect(nextStatusPoll(endsIn(130_000), 120, now)).toBe(8_000);
    expect(nextStatusPoll(endsIn(121_500), 120, now)).toBe(1000);
  });

  it('asks every 5 s while the warning shows, every second once the end has passed, and never once ended', () => {
    expect(nextStatusPoll(endsIn(90_000), 120, now)).toBe(WARNING_POLL_MS);
    expect(nextStatusPoll(endsIn(0), 120, now)).toBe(1000);
    expect(nextStatusPoll(endsIn(-5000), 120, now)).toBe(1000);
    expect(nextStatusPoll({ active: false, reason: 'idle_timeout' }, 120, now)).toBe(false);
    expect(nextStatusPoll(undefined, 120, now)).toBe(false);
  });
});
