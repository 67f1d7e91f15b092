import { describe, expect, it } from 'vitest';
import { drainWrites, pendingWriteCount, trackWrite } from './pending-writes';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('pending writes', () => {
  it('a drain waits for writes in flight, failed ones included, and then nothing is pending', async () => {
    const a = deferred();
    const b = deferred();
    trackWrite(a.promise);
    trackWrite(b.promise).catch(() => {});
    expect(pendingWriteCount()).toBe(2);
    let drained = false;
    const drain = drainWrites(60_000).then(() => (drained = true));
    a.resolve();
    await a.promise;
    expect(drained).toBe(false);
    b.reject(new Error('insert failed'));
    await drain;
    expect(drained).toBe(true);
    expect(pendingWriteCount()).toBe(0);
  });

  it('a drain gives up at its deadline on a write that never ends', async () => {
    trackWrite(new Promise(() => {}));
    await drainWrites(10);
    expect(pendingWriteCount()).toBe(1);
  });
});
