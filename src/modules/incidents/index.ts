export {
  emptyContextProvider,
  type IncidentContextProvider,
  type IncidentContextSummary,
  summarizeWithin,
} from './context-provider.ts';
export {
  type Incident,
  type IncidentAlert,
  IncidentIdParamsSchema,
  type IncidentRun,
  IncidentSchema,
  type IncidentStatus,
  type IncidentSummary,
  type TimelineEntry,
} from './contract.ts';
export { INCIDENT_GROUPING_LOCK_KEY, withGroupingLock } from './grouping-lock.ts';
export {
  type AlertFacts,
  CORRELATION_HOPS,
  type ExclusiveGrouping,
  type IncidentAlertSource,
  type IncidentOutcome,
  type IncidentRunSource,
  type IncidentServiceDeps,
  type LinkedRunNote,
} from './incident.model.ts';
export { incidentRoutes } from './incident.routes.ts';
export { createIncidentService, type IncidentService } from './incident.service.ts';
export { createIncidentStore, type IncidentRow, type IncidentStore } from './incident.store.ts';
export { decidePaging, type PagingDecision, type PagingInput } from './paging-policy.ts';
export {
  createGraphTopology,
  createStaticTopology,
  type ServiceTopology,
  type TopologyGraph,
} from './topology.ts';
