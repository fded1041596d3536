/** What an ingest request is charged while it is handled. */
export interface InFlightUsage {
  requests: number;
  bytes: number;
}

/** An admitted request's share of the cap. */
export interface InFlightTicket {
  /**
   * Charges body bytes as they arrive, for a body whose length was not declared (chunked, as
   * every OpenTelemetry JS exporter sends). Refused (false) when it would pass the byte cap while
   * other requests are in flight; a request alone is bounded by the body limit instead.
   */
  charge(bytes: number): boolean;
  /** Gives back the request and every byte charged to it. Extra calls are ignored. */
  release(): void;
}

export interface InFlightLimit {
  /**
   * Admits a request whose body is declared `bodyBytes` long (0 when undeclared: it is charged
   * as it arrives), or refuses it (null) when admitting it would pass either cap. With nothing in
   * flight, any one request is admitted, so a body as large as the body limit can always get through.
   */
  tryAcquire(bodyBytes: number): InFlightTicket | null;
  usage(): InFlightUsage;
  readonly limits: InFlightUsage;
}

/**
 * The ingest admission cap: at most `maxRequests` requests and `maxBytes` bytes of request body in
 * flight. Checked before the body is read (declared lengths) and while it is read (undeclared
 * ones), so refused load costs neither decoding nor unbounded memory: what ingest holds is bounded
 * by `maxBytes` plus, at most, one body-limit-sized request.
 */
export function createInFlightLimit(limits: { maxRequests: number; maxBytes: number }): InFlightLimit {
  let requests = 0;
  let bytes = 0;
  const fits = (extra: number, others: number) => others === 0 || bytes + extra <= limits.maxBytes;
  return {
    limits: { requests: limits.maxRequests, bytes: limits.maxBytes },
    usage: () => ({ requests, bytes }),
    tryAcquire(bodyBytes) {
      if (requests >= limits.maxRequests && requests > 0) return null;
      if (!fits(bodyBytes, requests)) return null;
      requests++;
      bytes += bodyBytes;
      let charged = bodyBytes;
      let released = false;
      return {
        charge(extra) {
          if (released) return false;
          if (!fits(extra, requests - 1)) return false;
          charged += extra;
          bytes += extra;
          return true;
        },
        release() {
          if (released) return;
          released = true;
          requests--;
          bytes -= charged;
        },
      };
    },
  };
}
