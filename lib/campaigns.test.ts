import { describe, expect, it } from 'vitest';
import { campaignPercent } from './campaigns';

describe('campaignPercent', () => {
  it('is the share handled while sending, never 100 until the status says finished', () => {
    expect(campaignPercent({ status: 'sending', audience: 0, sent: 0, skipped: 0 })).toBe(0);
    expect(campaignPercent({ status: 'sending', audience: 200, sent: 49, skipped: 1 })).toBe(25);
    expect(campaignPercent({ status: 'sending', audience: 10, sent: 12, skipped: 0 })).toBe(99);
    expect(campaignPercent({ status: 'sent', audience: 10, sent: 7, skipped: 1 })).toBe(100);
    expect(campaignPercent({ status: 'cancelled', audience: 10, sent: 2, skipped: 0 })).toBe(100);
  });
});
