/** The policy module's public face: what the CLI, the server and other modules may use. */

export {
  type ActionGuardrailDecision,
  type ActionRunRequest,
  actionRunObject,
  checkActionInputs,
} from './action-guardrail.ts';
export { type AdmissionService, createAdmissionService } from './admission.service.ts';
export { CelExpressionError, compileExpression, evaluateExpression, toCelValue } from './cel-engine.ts';
export { type CheckOutputFormat, checkOutputFormats, formatCheckReport } from './check-report-format.ts';
export { type ExpectedResultRow, type KyvernoTestRun, runKyvernoTests } from './kyverno-test-runner.ts';
export { type CheckInput, type CheckReport, checkManifests } from './manifest-check.ts';
export { policyRoutes } from './policy.routes.ts';
export { type EvaluationInput, evaluatePolicySet, type PolicyResult } from './policy-evaluator.ts';
export { loadCheckInputs, loadPolicySet, loadScorecards } from './policy-files.ts';
export type { CelPolicy, PolicySet } from './policy-model.ts';
export { type PolicySource, readPolicySource } from './policy-source.ts';
export { createPolicyViolationService, type PolicyViolationService } from './policy-violation.service.ts';
export { createPolicyViolationStore } from './policy-violation.store.ts';
export { createScorecardService, type ScorecardService, type ScoredService } from './scorecard.service.ts';
export { createScorecardStore } from './scorecard.store.ts';
export type { Scorecard } from './scorecard-model.ts';
export { type CatalogServiceRef, serviceOfObject } from './service-of-object.ts';
