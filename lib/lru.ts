/**
 * A small bounded map: the least recently used entry goes first when it is full;
 * entries expire after `ttlMs`, or at the time given to `set`. Pure, so the
 * browser's code may use it too (lib/device.ts).
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  get size() {
    return this.map.size;
  }

  get(key: string, now = Date.now()): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (hit.expires <= now) return undefined;
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, now = Date.now(), expires = now + this.ttlMs) {
    this.map.delete(key);
    this.map.set(key, { value, expires });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string) {
    this.map.delete(key);
  }
}
