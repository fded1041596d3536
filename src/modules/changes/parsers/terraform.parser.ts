/**
 * Terraform runs as infra changes: the JSON of `terraform show -json` for a plan (or an applied
 * state), and HCP Terraform / Terraform Enterprise run notifications. A plan becomes one change per
 * service its resources name, each listing the resources changed.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../../../kernel/errors.ts';
import { parseOrThrow } from '../../../kernel/validation.ts';
import { change, isoTime, type ParseOutcome, text } from '../change-parser.ts';
import type { ChangeStatus } from '../contract.ts';
import type { TerraformServiceMap } from './terraform-mapping.ts';

/** The tag (AWS, Azure) or label (Kubernetes) naming the Cairn service a resource belongs to. */
export const TERRAFORM_SERVICE_TAG = 'cairn.dev/service';
/** GCP labels allow neither `.` nor `/`: the same tag spelt for them. */
export const TERRAFORM_SERVICE_LABEL_GCP = 'cairn-dev-service';
/** The catalog annotation mapping a workspace's untagged resources to a service. */
export const TERRAFORM_WORKSPACE_ANNOTATION = 'terraform.io/workspace';

/** What the sender says about the run that the plan JSON does not carry. */
export interface TerraformRunContext {
  workspace?: string | undefined;
  author?: string | undefined;
  environment?: string | undefined;
  status?: ChangeStatus | undefined;
  url?: string | undefined;
  /** The catalog's mapping (module paths, `Resource` entities) for resources without the tag. */
  services?: TerraformServiceMap | undefined;
}

export type TerraformAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget';

/** One entry of a plan's `resource_changes`, as Cairn lists it. */
export interface TerraformResourceChange {
  address: string;
  type: string;
  action: TerraformAction;
  /** `module.network` for resources in a module, null in the root module. */
  module: string | null;
  service: string | null;
}

const ResourceChangeSchema = z.looseObject({
  address: z.string().min(1),
  module_address: z.string().optional(),
  mode: z.string().optional(),
  type: z.string().min(1),
  change: z.looseObject({
    actions: z.array(z.string()).min(1),
    after: z.unknown().optional(),
    before: z.unknown().optional(),
  }),
});

const PlanSchema = z.looseObject({
  format_version: z.string().min(1),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChangeSchema).default([]),
  timestamp: z.string().optional(),
  errored: z.boolean().optional(),
});

const StateResourceSchema = z.looseObject({ address: z.string(), type: z.string(), values: z.unknown() });
interface StateModule {
  address?: string;
  resources?: Array<z.infer<typeof StateResourceSchema>>;
  child_modules?: StateModule[];
}
const StateModuleSchema: z.ZodType<StateModule> = z.lazy(() =>
  z.looseObject({
    address: z.string().optional(),
    resources: z.array(StateResourceSchema).optional(),
    child_modules: z.array(StateModuleSchema).optional(),
  }),
);
const StateSchema = z.looseObject({
  format_version: z.string().min(1),
  values: z.looseObject({ root_module: StateModuleSchema }),
});

/** HCP Terraform notification payload (payload_version 1). */
const HcpNotificationSchema = z.looseObject({
  payload_version: z.number(),
  run_url: z.string().nullable().optional(),
  run_id: z.string().nullable().optional(),
  run_message: z.string().nullable().optional(),
  run_created_at: z.string().nullable().optional(),
  run_created_by: z.string().nullable().optional(),
  workspace_name: z.string().nullable().optional(),
  organization_name: z.string().nullable().optional(),
  notifications: z
    .array(
      z.looseObject({
        trigger: z.string(),
        run_status: z.string().nullable().optional(),
        run_updated_at: z.string().nullable().optional(),
        message: z.string().nullable().optional(),
      }),
    )
    .min(1),
});

const MAX_LISTED = 200;

function actionOf(actions: string[]): TerraformAction {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  const [first] = actions;
  const known: TerraformAction[] = ['create', 'update', 'delete', 'read', 'no-op', 'forget'];
  return known.includes(first as TerraformAction) ? (first as TerraformAction) : 'update';
}

/** `cairn.dev/service` from `tags`, `tags_all` or `labels` (also under metadata, for Kubernetes). */
function serviceTagOf(values: unknown): string | null {
  if (values === null || typeof values !== 'object') return null;
  const record = values as Record<string, unknown>;
  const metadata = Array.isArray(record.metadata) ? record.metadata[0] : record.metadata;
  const maps = [record.tags, record.tags_all, record.labels, (metadata as Record<string, unknown>)?.labels];
  for (const map of maps) {
    if (map === null || typeof map !== 'object') continue;
    const tags = map as Record<string, unknown>;
    for (const key of [TERRAFORM_SERVICE_TAG, TERRAFORM_SERVICE_LABEL_GCP]) {
      const value = tags[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return null;
}

/** The resource changes of a `terraform show -json` plan, in plan order. */
export function terraformResourceChanges(plan: unknown): TerraformResourceChange[] {
  const parsed = parseOrThrow(PlanSchema, plan, 'body');
  return parsed.resource_changes.map((resource) => ({
    address: resource.address,
    type: resource.type,
    action: actionOf(resource.change.actions),
    module: resource.module_address ?? null,
    // A deleted resource is found by its tags before the change.
    service: serviceTagOf(resource.change.after) ?? serviceTagOf(resource.change.before),
  }));
}

function stateResources(module: StateModule): TerraformResourceChange[] {
  return [
    ...(module.resources ?? []).map((resource) => ({
      address: resource.address,
      type: resource.type,
      action: 'no-op' as const,
      module: module.address ?? null,
      service: serviceTagOf(resource.values),
    })),
    ...(module.child_modules ?? []).flatMap(stateResources),
  ];
}

/** "2 create, 1 replace" over the effective actions, or "no changes". */
function summary(resources: TerraformResourceChange[]): string {
  const order: TerraformAction[] = ['create', 'update', 'replace', 'delete', 'forget', 'read', 'no-op'];
  const counts = order
    .map((action) => [action, resources.filter((r) => r.action === action).length] as const)
    .filter(([, count]) => count > 0)
    .map(([action, count]) => `${count} ${action}`);
  return counts.length > 0 ? counts.join(', ') : 'no resources';
}

/** The description listing the resources: a summary line, then one line per resource. */
export function describeResources(heading: string, resources: TerraformResourceChange[]): string {
  const lines = resources
    .slice(0, MAX_LISTED)
    .map((r) => `${r.action} ${r.address} (${r.type}${r.module ? `, ${r.module}` : ''})`);
  if (resources.length > MAX_LISTED) lines.push(`… and ${resources.length - MAX_LISTED} more`);
  return [`${heading}: ${summary(resources)}`, ...lines].join('\n');
}

/**
 * Resources by the service they concern: the `cairn.dev/service` tag alone when a resource has
 * it, else every service the catalog maps it to (a shared database goes to each dependent), else
 * none (null: the workspace decides). Groups keep the plan's order.
 */
function groupByService(
  resources: TerraformResourceChange[],
  services: TerraformServiceMap | undefined,
): Map<string | null, TerraformResourceChange[]> {
  const groups = new Map<string | null, TerraformResourceChange[]>();
  for (const resource of resources) {
    const owners: Array<string | null> = resource.service ? [resource.service] : (services?.(resource) ?? []);
    for (const owner of owners.length > 0 ? owners : [null]) {
      const group = groups.get(owner) ?? [];
      group.push(resource);
      groups.set(owner, group);
    }
  }
  return groups;
}

function digest(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32);
}

function fromResources(
  kindOfRun: 'plan' | 'state',
  resources: TerraformResourceChange[],
  terraformVersion: string | undefined,
  at: string | null,
  key: string,
  context: TerraformRunContext,
): ParseOutcome[] {
  const workspace = text(context.workspace) ?? 'default';
  // Resources no tag or catalog entry maps belong to the workspace: a catalog annotation maps it, else infra-wide.
  const groups = groupByService(resources, context.services);
  if (groups.size === 0) groups.set(null, []);
  return [...groups].map(([service, group]) =>
    change({
      source: 'terraform',
      idempotencyKey: `${kindOfRun}:${workspace}:${key}:${service ?? ''}`,
      target: service
        ? { by: 'name', name: service }
        : { by: 'annotation', annotation: TERRAFORM_WORKSPACE_ANNOTATION, value: workspace },
      kind: 'infra',
      status: context.status ?? 'succeeded',
      environment: text(context.environment) ?? 'production',
      version: terraformVersion ? `terraform ${terraformVersion}` : null,
      author: text(context.author),
      finishedAt: at,
      url: text(context.url),
      description: describeResources(`Terraform ${kindOfRun} of workspace ${workspace}`, group),
    }),
  );
}

function fromHcpNotification(payload: z.infer<typeof HcpNotificationSchema>, context: TerraformRunContext) {
  const notification = payload.notifications[payload.notifications.length - 1];
  if (!notification) return [{ ignored: 'no notification in the payload' }];
  const status: ChangeStatus | null =
    notification.trigger === 'run:completed' && notification.run_status === 'applied'
      ? 'succeeded'
      : notification.trigger === 'run:errored' && notification.run_status === 'errored'
        ? 'failed'
        : null;
  if (!status) {
    return [
      {
        ignored: `HCP Terraform ${notification.trigger} (${notification.run_status ?? 'no status'}): only applied and errored runs are recorded`,
      },
    ];
  }
  const workspace = text(payload.workspace_name ?? undefined) ?? text(context.workspace) ?? 'default';
  return [
    change({
      source: 'terraform',
      idempotencyKey: `hcp:${payload.run_id ?? digest(payload)}`,
      target: { by: 'annotation', annotation: TERRAFORM_WORKSPACE_ANNOTATION, value: workspace },
      kind: 'infra',
      status,
      environment: text(context.environment) ?? 'production',
      revision: text(payload.run_id ?? undefined),
      author: text(payload.run_created_by ?? undefined) ?? text(context.author),
      startedAt: isoTime(payload.run_created_at),
      finishedAt: isoTime(notification.run_updated_at),
      url: text(payload.run_url ?? undefined),
      description: [
        `HCP Terraform run ${status === 'succeeded' ? 'applied' : 'errored'} in workspace ${payload.organization_name ? `${payload.organization_name}/` : ''}${workspace}`,
        text(payload.run_message ?? undefined),
        'The notification lists no resources; send `terraform show -json` of the plan for them.',
      ]
        .filter((line) => line !== null)
        .join('\n'),
    }),
  ];
}

/**
 * Turns what was posted to `/api/v1/integrations/terraform` into changes: a plan (one change per
 * service tagged on its resources, untagged ones under the workspace), an applied state (its
 * resources listed), or an HCP Terraform run notification. Anything else is a 400 naming `body`.
 */
export function parseTerraformPayload(payload: unknown, context: TerraformRunContext = {}): ParseOutcome[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InputError(
      'body: expected the JSON object of `terraform show -json` or an HCP Terraform notification',
      'body',
    );
  }
  const record = payload as Record<string, unknown>;
  if ('payload_version' in record) {
    return fromHcpNotification(parseOrThrow(HcpNotificationSchema, payload, 'body'), context);
  }
  if ('resource_changes' in record || 'planned_values' in record) {
    const plan = parseOrThrow(PlanSchema, payload, 'body');
    if (plan.errored) return [{ ignored: 'the plan errored: nothing was applied' }];
    return fromResources(
      'plan',
      terraformResourceChanges(payload),
      plan.terraform_version,
      isoTime(plan.timestamp),
      digest(payload),
      context,
    );
  }
  if ('values' in record) {
    const state = parseOrThrow(StateSchema, payload, 'body');
    const version = typeof record.terraform_version === 'string' ? record.terraform_version : undefined;
    return fromResources(
      'state',
      stateResources(state.values.root_module),
      version,
      null,
      digest(payload),
      context,
    );
  }
  throw new InputError(
    'body: neither a plan (resource_changes), a state (values) nor an HCP Terraform notification (payload_version)',
    'body',
  );
}
