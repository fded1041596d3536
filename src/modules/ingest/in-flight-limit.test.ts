import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from './in-flight-limit.ts';

describe('the ingest in-flight limit', () => {
  it('admits up to the request cap, then refuses until one is released', () => {
    const limit = createInFlightLimit({ maxRequests: 2, maxBytes: 1000 });
    const first = limit.tryAcquire(10);
    const second = limit.tryAcquire(10);
    expect([first, second].every((release) => typeof release === 'function')).toBe(true);
    expect(limit.tryAcquire(10)).toBeNull();
    first?.();
    first?.(); // a second release changes nothing
    expect(limit.usage()).toEqual({ requests: 1, bytes: 10 });
    expect(limit.tryAcquire(10)).not.toBeNull();
    expect(limit.tryAcquire(10)).toBeNull();
  });

  it('refuses a body that would pass the byte cap, but always admits one request when idle', () => {
    const limit = createInFlightLimit({ maxRequests: 10, maxBytes: 100 });
    const big = limit.tryAcquire(500);
    expect(big).not.toBeNull();
    expect(limit.tryAcquire(1)).toBeNull();
    big?.();
    const sixty = limit.tryAcquire(60);
    expect(limit.tryAcquire(41)).toBeNull();
    expect(limit.tryAcquire(40)).not.toBeNull();
    sixty?.();
    expect(limit.usage()).toEqual({ requests: 1, bytes: 40 });
  });
});
