/** What a notification says about an incident, whatever channel carries it. */
export interface IncidentMessage {
  /** The first page, the all-clear, or an update on an action run started from the incident. */
  kind: 'page' | 'resolved' | 'run';
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
  /** The incident's proposed fix and the prefilled run form carrying it out. */
  proposedFix?: { text: string; url: string } | undefined;
  /** Link to the incident page. */
  incidentUrl: string;
  /** For `run` updates: the run, what it did, and its page. */
  run?: { id: string; state: string; text: string; url: string } | undefined;
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
