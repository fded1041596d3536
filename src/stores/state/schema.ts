import type { ColumnType } from 'kysely';

/**
 * Row types of the state store, as Kysely sees them. Timestamps are ISO-8601 UTC strings in both
 * dialects (see docs/adr/0002-state-store.md): one code path, lexicographic order = time order.
 */
export interface ApiTokenTable {
  id: string;
  name: string;
  scope: string;
  secret_hash: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  /** The user the token acts for; null for a service account (named by `name`). */
  owner_user_id: string | null;
  /** JSON array of team names the token is limited to; null: no limit. */
  teams: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  /** Who, for people: `Grace Hopper (user:grace)`, `ci (token:ab12…)`, `cairn`. */
  actor: string;
  /** Stable id to filter by: `user:<id>`, `token:<id>`, `cairn`, `anonymous` ('' before 0004). */
  actor_id: ColumnType<string, string | undefined, string>;
  action: string;
  target: string;
  /** succeeded | refused | failed (default succeeded) */
  outcome: ColumnType<string, string | undefined, string>;
  /** The service the change was about, when there is one. */
  service: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
}

/** A person who signed in through OIDC at least once. */
export interface UserTable {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  /** JSON array of the IdP groups of the last sign-in. */
  idp_groups: string;
  /** Name of the catalog User this person was matched to, if any. */
  catalog_user: string | null;
  created_at: string;
  last_sign_in_at: string;
}

/** A browser session; `id` is the SHA-256 of the cookie value, never the value itself. */
export interface SessionTable {
  id: string;
  /** A person signed in through OIDC… */
  user_id: string | null;
  /** …or a bearer token exchanged for a session (`/login?token=`). */
  token_id: string | null;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** A sign-in in progress: what the callback must check. */
export interface OidcLoginTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: string;
}

/** One configured catalog source and how its last sync went. */
export interface CatalogSourceTable {
  id: string;
  label: string;
  last_sync_at: string | null;
  last_success_at: string | null;
  revision: string | null;
  entity_count: number;
}

/** A Backstage entity as read from a source; JSON columns hold arrays and objects as text. */
export interface CatalogEntityTable {
  source_id: string;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  description: string | null;
  type: string | null;
  lifecycle: string | null;
  owner: string | null;
  system: string | null;
  depends_on: string;
  links: string;
  tags: string;
  annotations: string;
  spec: string;
  file: string;
  line: number;
}

export interface CatalogErrorTable {
  id: string;
  source_id: string;
  file: string | null;
  line: number | null;
  message: string;
  at: string;
}

export interface ChangeTable {
  id: string;
  source: string;
  idempotency_key: string | null;
  service: string | null;
  /** 1 when `service` was a known service when the change was recorded. */
  mapped: number;
  source_ref: string | null;
  environment: string;
  kind: string;
  version: string | null;
  previous_version: string | null;
  revision: string | null;
  /** JSON array of { sha, at, message, author }. */
  commits: string;
  author: string | null;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the change took effect: finished, else started, else recorded. Lists sort by it. */
  at: string;
  url: string | null;
  description: string | null;
  recorded_at: string;
}

/** A thumbs up or down on a subject (page, action run, task, runbook step). */
export interface FeedbackRatingTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  rating: string;
  comment: string | null;
  /** The person who rated; null for a service account. */
  user_id: string | null;
  author: string;
  /** JSON array of the author's teams when they rated. */
  teams: string;
  created_at: string;
}

/** One answer to the periodic survey: NPS 0–10, a comment, CSAT per capability. */
export interface SurveyAnswerTable {
  id: string;
  user_id: string;
  author: string;
  /** JSON array of the author's teams when they answered. */
  teams: string;
  score: number;
  comment: string | null;
  /** JSON object capability → 1..5. */
  csat: string;
  answered_at: string;
}

/** When a person last dismissed the survey or asked for it later. */
export interface SurveyPromptTable {
  user_id: string;
  dismissed_at: string | null;
  snoozed_until: string | null;
}

/** A `/platform-help` request from chat (or the API). */
export interface SupportRequestTable {
  id: string;
  source: string;
  asker: string;
  channel: string | null;
  text: string;
  topic: string;
  /** JSON array of { kind, title, url } Cairn answered with. */
  suggestions: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** `self-service` (resolved by what Cairn answered) or `platform-team`. */
  resolution: string | null;
}

/** A record imported from another tool, by that tool's id: what makes an import idempotent. */
export interface ImportedRecordTable {
  /** incident | survey-answer | support-request */
  kind: string;
  /** The tool it came from, as the import named it (e.g. pagerduty). */
  source: string;
  external_id: string;
  /** The id of the incident, survey answer or support request it became. */
  record_id: string;
  imported_at: string;
}

export interface StateDatabase {
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  users: UserTable;
  sessions: SessionTable;
  oidc_logins: OidcLoginTable;
  catalog_sources: CatalogSourceTable;
  catalog_entities: CatalogEntityTable;
  catalog_errors: CatalogErrorTable;
  changes: ChangeTable;
  alerts: AlertTable;
  alert_events: AlertEventTable;
  incidents: IncidentTable;
  incident_timeline: IncidentTimelineTable;
  silences: SilenceTable;
  scheduler_leadership: SchedulerLeadershipTable;
  scorecard_results: ScorecardResultTable;
  policy_violations: PolicyViolationTable;
  feedback_ratings: FeedbackRatingTable;
  survey_answers: SurveyAnswerTable;
  survey_prompts: SurveyPromptTable;
  support_requests: SupportRequestTable;
  action_runs: ActionRunTable;
  action_run_logs: ActionRunLogTable;
  template_tasks: TemplateTaskTable;
  template_task_events: TemplateTaskEventTable;
  template_catalog_sources: TemplateCatalogSourceTable;
  runbook_walks: RunbookWalkTable;
  runbook_step_marks: RunbookStepMarkTable;
  imported_records: ImportedRecordTable;
}

/** One alert per fingerprint, in its latest state. JSON columns: labels, annotations. */
export interface AlertTable {
  id: string;
  fingerprint: string;
  /** alertmanager | slo | test */
  source: string;
  /** The rule (alertname) the alert came from. */
  rule: string;
  service: string | null;
  severity: string;
  status: string;
  labels: string;
  annotations: string;
  group_key: string | null;
  generator_url: string | null;
  starts_at: string;
  ends_at: string | null;
  /** How many times it started firing. */
  occurrences: number;
  flapping: number;
  silenced_by: string | null;
  incident_id: string | null;
  /** A held page-worthy warning pages if still firing at this time (transient suppression). */
  page_after: string | null;
  first_seen_at: string;
  updated_at: string;
}

/** Every firing/resolved state received, once (unique fingerprint + starts_at + status). */
export interface AlertEventTable {
  id: string;
  fingerprint: string;
  rule: string;
  service: string | null;
  severity: string;
  status: string;
  starts_at: string;
  ends_at: string | null;
  received_at: string;
  flapping: number;
  incident_id: string | null;
}

/** JSON columns: services (array), context (object or null). */
export interface IncidentTable {
  id: string;
  title: string;
  status: string;
  severity: string;
  services: string;
  started_at: string;
  last_alert_at: string;
  /** When its last firing alert resolved; the incident resolves after the quiet period. */
  quiet_since: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  paged: number;
  /** The rule whose alert made the incident page. */
  paged_rule: string | null;
  context: string | null;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  /** Order within the incident (timestamps can tie). */
  seq: number;
  at: string;
  kind: string;
  message: string;
  details: string;
}

/** A silence or maintenance window: alerts matching every matcher in [starts_at, ends_at) never notify. */
export interface SilenceTable {
  id: string;
  kind: string;
  /** JSON array of { name, value, isRegex, isEqual }. */
  matchers: string;
  starts_at: string;
  ends_at: string;
  comment: string;
  created_by: string;
  created_at: string;
}

/** The fencing epoch of one leader-election lock (see stores/state/leadership-fence.ts). */
export interface SchedulerLeadershipTable {
  lock_key: number;
  /** Raised by one each time a replica takes the lock. */
  epoch: number;
  /** host:pid of the replica that took it last. */
  holder: string;
  /** Its PostgreSQL session (`pg_backend_pid()`), for operators and `pg_terminate_backend`. */
  backend_pid: number | null;
  acquired_at: string;
}

/** A service's scorecard result for one UTC day; `rules` is a JSON array of rule outcomes. */
export interface ScorecardResultTable {
  scorecard: string;
  service: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  team: string | null;
  level: string | null;
  rules: string;
  evaluated_at: string;
}

/**
 * A policy's latest result on one resource from one source (admission, action): failing while
 * `resolved_at` is null, or `outcome` `excepted` when an exception let it through. `actions` is a
 * JSON array of validation actions.
 */
export interface PolicyViolationTable {
  id: string;
  /** admission | action */
  source: string;
  /** `apiVersion kind namespace/name`, the key results are matched on. */
  resource: string;
  resource_kind: string;
  namespace: string;
  name: string;
  service: string | null;
  policy: string;
  /** fail | error | excepted */
  outcome: string;
  actions: string;
  message: string;
  exception: string | null;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
}

/** One run of an action (see src/modules/actions). */
export interface ActionRunTable {
  id: string;
  action_id: string;
  action_title: string;
  service: string | null;
  environment: string | null;
  /** The service while the run is active (queued, waiting, running), else null; unique. */
  active_service: string | null;
  /** JSON object of the validated inputs. */
  inputs: string;
  state: string;
  requested_by_id: string;
  requested_by_name: string;
  requested_by_user_id: string | null;
  approval_required: number;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decision_comment: string | null;
  decided_at: string | null;
  /** JSON array of policy Warn messages shown when the run started. */
  warnings: string;
  /** JSON array of { title, url }. */
  links: string;
  message: string | null;
  change_id: string | null;
  timeout_seconds: number;
  /** The replica that claimed the run for execution. */
  claimed_by: string | null;
  cancel_requested: ColumnType<number, number | undefined, number>;
  /** JSON of the outcome an automation reported (webhook), null until it reports. */
  report: string | null;
  created_at: string;
  started_at: string | null;
  deadline_at: string | null;
  finished_at: string | null;
  /** The incident the run was started from; its timeline gets the run's state changes. */
  incident_id: string | null;
}

/** A run's log, one row per line, `seq` counting from 1. */
export interface ActionRunLogTable {
  run_id: string;
  seq: number;
  at: string;
  line: string;
}

/** A scaffolder task. JSON columns: parameters, user_json, step_outputs, output, action_runs. */
export interface TemplateTaskTable {
  id: string;
  template: string;
  /** open | running | succeeded | failed | cancelled */
  status: string;
  parameters: string;
  created_by: string;
  user_json: string | null;
  /** The catalog name of the service the task registered, and its owner: for onboarding time. */
  service: string | null;
  team: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  failed_step: string | null;
  failed_step_index: number | null;
  error: string | null;
  step_outputs: string;
  output: string | null;
  attempts: number;
  /** JSON list of the Cairn action runs its `cairn:action` steps started. */
  action_runs: string;
}

/** One line of a task's log, numbered per task (SSE resumes from `seq`). */
export interface TemplateTaskEventTable {
  task_id: string;
  seq: number;
  at: string;
  step_id: string | null;
  level: string;
  message: string;
}

/** A git location a task's `catalog:register` added as a catalog source. */
export interface TemplateCatalogSourceTable {
  id: string;
  url: string;
  ref: string | null;
  path: string | null;
  task_id: string;
  template: string;
  added_at: string;
}

/** The path last walked for an incident and runbook; `steps` is a JSON array of step ids. */
export interface RunbookWalkTable {
  incident_id: string;
  runbook_id: string;
  steps: string;
  recommended_step: string | null;
  walked_at: string;
}

/** A person's mark on a runbook step of an incident: done, skipped, noted, did-not-help. */
export interface RunbookStepMarkTable {
  id: string;
  incident_id: string;
  runbook_id: string;
  step_id: string;
  status: string;
  note: string | null;
  actor: string;
  at: string;
}
