/** What an ingest request is charged while it is handled. */
export interface InFlightUsage {
  requests: number;
  bytes: number;
}

export interface InFlightLimit {
  /**
   * Admits a request whose body is `bodyBytes` long, or refuses it (null) when admitting it would
   * pass either cap. Admitted requests must call the returned release exactly once (extra calls
   * are ignored). With nothing in flight, any one request is admitted, so a body as large as the
   * body limit can always get through.
   */
  tryAcquire(bodyBytes: number): (() => void) | null;
  usage(): InFlightUsage;
  readonly limits: InFlightUsage;
}

/**
 * The ingest admission cap: at most `maxRequests` requests and `maxBytes` bytes of request body in
 * flight. Checked before the body is read, so refused load costs neither memory nor decoding, and
 * the memory ingest holds is bounded by these caps times the per-request limits.
 */
export function createInFlightLimit(limits: { maxRequests: number; maxBytes: number }): InFlightLimit {
  let requests = 0;
  let bytes = 0;
  return {
    limits: { requests: limits.maxRequests, bytes: limits.maxBytes },
    usage: () => ({ requests, bytes }),
    tryAcquire(bodyBytes) {
      if (requests > 0 && (requests >= limits.maxRequests || bytes + bodyBytes > limits.maxBytes)) {
        return null;
      }
      requests++;
      bytes += bodyBytes;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        requests--;
        bytes -= bodyBytes;
      };
    },
  };
}
