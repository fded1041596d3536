import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from './in-flight-limit.ts';

describe('the ingest in-flight limit', () => {
  it('admits up to the request cap, then refuses until one is released', () => {
    const limit = createInFlightLimit({ maxRequests: 2, maxBytes: 1000 });
    const first = limit.tryAcquire(10);
    const second = limit.tryAcquire(10);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(limit.tryAcquire(10)).toBeNull();
    first?.release();
    first?.release(); // a second release changes nothing
    expect(limit.usage()).toEqual({ requests: 1, bytes: 10 });
    expect(limit.tryAcquire(10)).not.toBeNull();
    expect(limit.tryAcquire(10)).toBeNull();
  });

  it('refuses a body that would pass the byte cap, but always admits one request when idle', () => {
    const limit = createInFlightLimit({ maxRequests: 10, maxBytes: 100 });
    const big = limit.tryAcquire(500);
    expect(big).not.toBeNull();
    expect(limit.tryAcquire(1)).toBeNull();
    big?.release();
    const sixty = limit.tryAcquire(60);
    expect(limit.tryAcquire(41)).toBeNull();
    expect(limit.tryAcquire(40)).not.toBeNull();
    sixty?.release();
    expect(limit.usage()).toEqual({ requests: 1, bytes: 40 });
  });

  it('charges an undeclared body as it arrives and gives every charged byte back on release', () => {
    const limit = createInFlightLimit({ maxRequests: 10, maxBytes: 100 });
    const chunked = limit.tryAcquire(0);
    const declared = limit.tryAcquire(30);
    expect(chunked?.charge(50)).toBe(true);
    expect(limit.usage()).toEqual({ requests: 2, bytes: 80 });
    expect(chunked?.charge(21)).toBe(false); // 101 bytes would pass the cap while another is in flight
    expect(chunked?.charge(20)).toBe(true);
    chunked?.release();
    expect(limit.usage()).toEqual({ requests: 1, bytes: 30 });
    declared?.release();
    expect(limit.usage()).toEqual({ requests: 0, bytes: 0 });
  });

  it('lets a request alone in flight grow past the byte cap: the body limit bounds it', () => {
    const limit = createInFlightLimit({ maxRequests: 10, maxBytes: 100 });
    const alone = limit.tryAcquire(0);
    expect(alone?.charge(150)).toBe(true);
    expect(limit.tryAcquire(0)).toBeNull();
    alone?.release();
    expect(alone?.charge(1)).toBe(false);
    expect(limit.usage()).toEqual({ requests: 0, bytes: 0 });
  });
});
