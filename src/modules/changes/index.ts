export type { NormalizedChange, ParseOutcome, ServiceTarget } from './change-parser.ts';
export { changeRoutes } from './changes.routes.ts';
export { type ChangeService, createChangeService, type ServiceResolver } from './changes.service.ts';
export { createChangeStore } from './changes.store.ts';
export { CHANGE_KINDS, CHANGE_STATUSES, type Change, ChangeSchema, TimeSchema } from './contract.ts';
export { integrationRoutes } from './integrations.routes.ts';
export {
  ARGOCD_APP_ANNOTATION,
  changeParsers,
  GITHUB_SLUG_ANNOTATION,
  JENKINS_JOB_ANNOTATION,
  terraformServiceMap,
} from './parsers/index.ts';
