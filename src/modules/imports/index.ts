export {
  IMPORT_KINDS,
  type ImportIncident,
  type ImportIncidents,
  ImportIncidentsSchema,
  type ImportKind,
  type ImportResult,
  ImportResultSchema,
  type ImportSupportRequests,
  ImportSupportRequestsSchema,
  type ImportSurveyAnswers,
  ImportSurveyAnswersSchema,
  MAX_IMPORT_ITEMS,
} from './contract.ts';
export { importsRoutes } from './imports.routes.ts';
export { createImportsService, type ImportsService, type ImportsServiceDeps } from './imports.service.ts';
