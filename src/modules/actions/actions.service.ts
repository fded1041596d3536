/**
 * The loaded action definitions, as the API shows them: the list, and one action with the choices
 * Cairn fills for its pickers (services, environments, the versions a service has run).
 */
import { NotFoundError } from '../../kernel/errors.ts';
import type { Principal } from '../auth/index.ts';
import type { Change } from '../changes/index.ts';
import type { Actor, Resource } from '../identity/index.ts';
import type { ActionSet } from './action-files.ts';
import {
  type ActionDefinition,
  type ActionDetail,
  ActionSummarySchema,
  PICKERS,
  type Picker,
} from './contract.ts';
import { mayRun } from './guardrails.ts';

type ServiceResource = Extract<Resource, { kind: 'service' }>;

export interface ActionServiceDeps {
  definitions: () => ActionSet;
  serviceNames: () => Promise<string[]>;
  recentChanges: (service: string, limit: number) => Promise<Change[]>;
  /** Environments offered even before a service has changes there. */
  knownEnvironments: readonly string[];
  identity: {
    actorFor(principal: Principal): Promise<Actor>;
    serviceResource(name: string): Promise<ServiceResource>;
  };
}

export function createActionService(deps: ActionServiceDeps) {
  function summary(action: ActionDefinition) {
    return ActionSummarySchema.parse({
      id: action.id,
      title: action.title,
      description: action.description,
      target: action.target,
      operation: action.operation,
      executor: action.executor.kind,
      approval: action.guardrails.approval.required,
      approvalWhen: action.guardrails.approval.when ?? null,
      source: `${action.file}:${action.line}`,
    });
  }

  async function pickerChoices(picker: Picker, service: string | undefined): Promise<string[]> {
    switch (picker) {
      case 'service':
        return deps.serviceNames();
      case 'environment': {
        const seen = service
          ? (await deps.recentChanges(service, 200)).map((change) => change.environment)
          : [];
        return [...new Set([...deps.knownEnvironments, ...seen])];
      }
      case 'version': {
        if (!service) return [];
        const versions = (await deps.recentChanges(service, 200))
          .filter(
            (change) =>
              (change.kind === 'deploy' || change.kind === 'rollback') &&
              change.status === 'succeeded' &&
              change.version !== null,
          )
          .flatMap((change) => [change.version ?? '', change.previousVersion ?? ''])
          .filter((version) => version !== '');
        return [...new Set(versions)];
      }
    }
  }

  return {
    list: () => {
      const set = deps.definitions();
      return { items: set.actions.map(summary), problems: set.problems };
    },

    find: (id: string): ActionDefinition | undefined =>
      deps.definitions().actions.find((action) => action.id === id),

    /** One action; with `service`, its pickers are filled for that service and `mayRun` says if the caller may. */
    async detail(principal: Principal, id: string, service: string | undefined): Promise<ActionDetail> {
      const action = deps.definitions().actions.find((candidate) => candidate.id === id);
      if (!action) throw new NotFoundError(`no action "${id}"`);
      const pickers: Record<string, string[]> = {};
      for (const [name, property] of Object.entries(action.inputs.properties)) {
        const picker = (property as Record<string, unknown> | null)?.['x-cairn-picker'];
        if ((PICKERS as readonly unknown[]).includes(picker)) {
          // Checked just above against PICKERS.
          pickers[name] = await pickerChoices(picker as Picker, service);
        }
      }
      const { guardrails } = action;
      const mayRunHere =
        service === undefined && action.target === 'service'
          ? null
          : mayRun(
              await deps.identity.actorFor(principal),
              action,
              service === undefined ? null : await deps.identity.serviceResource(service),
            );
      return {
        ...summary(action),
        inputs: action.inputs,
        pickers,
        guardrails: {
          allowedRoles: guardrails.allowed.roles,
          ownerTeam: guardrails.allowed.ownerTeam,
          teams: guardrails.allowed.teams,
          approvers: guardrails.approval.approvers,
          selfApproval: guardrails.approval.selfApproval,
          rules: guardrails.rules,
          freeze: guardrails.freeze,
          timeoutSeconds: guardrails.timeoutSeconds,
          oneRunPerService: guardrails.oneRunPerService,
        },
        mayRun: mayRunHere,
      };
    },
  };
}

export type ActionService = ReturnType<typeof createActionService>;
