/** The actions module's public face: what the CLI, the server and other modules may use. */
export { type ActionProblem, type ActionSet, readActionDirectory } from './action-files.ts';
export { type ActionsRuntime, composeActions, EXAMPLE_ACTIONS_DIR } from './compose-actions.ts';
export {
  type ActionDefinition,
  type ActionDetail,
  RUN_STATES,
  type Run,
  type RunReport,
  type RunState,
} from './contract.ts';
export type {
  ActionExecutor,
  ExecutionContext,
  ExecutionOutcome,
  ExecutorRegistry,
  RunLink,
} from './executor.ts';
export { ExecutorError } from './executor.ts';
export { createExecutorRegistry, offlineExecutorRegistry } from './executor-registry.ts';
export { rollbackActionOf, runFormUrl, withProposedRollback } from './rollback-run-form.ts';
export { describeRunChange, type RunIncidentNote } from './run-incident-link.ts';
export {
  SIGNATURE_HEADER,
  signedHeaders,
  signPayload,
  TIMESTAMP_HEADER,
  verifySignedRequest,
} from './webhook-signature.ts';
