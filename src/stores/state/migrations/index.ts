import type { Migration } from 'kysely';
import * as tokensAndAudit from './0001-tokens-and-audit.ts';
import * as catalogAndChanges from './0002-catalog-and-changes.ts';
import * as alertsAndIncidents from './0003-alerts-and-incidents.ts';
import * as identitySessionsAudit from './0004-identity-sessions-audit.ts';
import * as schedulerLeadership from './0005-scheduler-leadership.ts';
import * as scorecardResults from './0006-scorecard-results.ts';
import * as actionRuns from './0007-action-runs.ts';
import * as runbookWalksAndMarks from './0008-runbook-walks-and-marks.ts';
import * as templateTasks from './0009-template-tasks.ts';
import * as feedbackAndSupport from './0011-feedback-and-support.ts';
import * as policyViolations from './0012-policy-violations.ts';
import * as templateTaskActionRuns from './0013-template-task-action-runs.ts';
import * as actionRunIncident from './0014-action-run-incident.ts';
import * as importedRecords from './0015-imported-records.ts';

/**
 * The one migration set, run on SQLite and PostgreSQL alike. Names sort in apply order;
 * add a file and an entry here, never edit an applied migration.
 */
export const stateMigrations: Record<string, Migration> = {
  '0001-tokens-and-audit': tokensAndAudit,
  '0002-catalog-and-changes': catalogAndChanges,
  '0003-alerts-and-incidents': alertsAndIncidents,
  '0004-identity-sessions-audit': identitySessionsAudit,
  '0005-scheduler-leadership': schedulerLeadership,
  '0006-scorecard-results': scorecardResults,
  '0007-action-runs': actionRuns,
  '0008-runbook-walks-and-marks': runbookWalksAndMarks,
  '0009-template-tasks': templateTasks,
  '0011-feedback-and-support': feedbackAndSupport,
  '0012-policy-violations': policyViolations,
  '0013-template-task-action-runs': templateTaskActionRuns,
  '0014-action-run-incident': actionRunIncident,
  '0015-imported-records': importedRecords,
};
