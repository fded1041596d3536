/** What a notification says about an incident, whatever channel carries it. */
export interface IncidentMessage {
  kind: 'page' | 'resolved';
  incidentId: string;
  title: string;
  severity: string;
  services: string[];
  /** Impact in one line, from the incident context; absent until it is known. */
  impact?: string | undefined;
  /** The top suspected change, from the incident context. */
  topSuspect?: string | undefined;
  runbookUrl?: string | undefined;
  /** The recommended runbook step, when a Cairn runbook matches. */
  runbookStep?: string | undefined;
  /** Link to the incident page. */
  incidentUrl: string;
}

/** Where a message goes: the channel kind and its endpoint. */
export interface ChannelTarget {
  name: string;
  kind: ChannelKind;
  url?: string | undefined;
}

export const CHANNEL_KINDS = ['mattermost', 'slack', 'log'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** How one delivery ended, after retries. */
export interface DeliveryResult {
  ok: boolean;
  channel: string;
  attempts: number;
  /** The last failure's reason, when any attempt failed. */
  error?: string | undefined;
}

/** A delivery failure worth retrying (network, 429, 5xx); others are final. */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = retryable;
  }
}
