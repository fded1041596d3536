/**
 * The admission webhook's use case: an AdmissionReview in, the decision out, with the
 * apiserver's semantics for validation actions: a failing Deny policy refuses the request with
 * the policy's messages (403), Warn failures come back as warnings, Audit failures as audit
 * annotations. Policies come from the configured files, read once at start.
 */
import type { AdmissionReviewRequest, AdmissionReviewResponse } from './contract.ts';
import { evaluatePolicySet, type PolicyResult } from './policy-evaluator.ts';
import type { KubeObject } from './policy-match.ts';
import type { PolicySet } from './policy-model.ts';

export interface AdmissionService {
  review(review: AdmissionReviewRequest): AdmissionReviewResponse;
  /** How many policies the webhook evaluates. */
  policyCount(): number;
}

const failing = (r: PolicyResult) => r.outcome === 'fail' || r.outcome === 'error';

function messagesOf(result: PolicyResult, verb = ''): string[] {
  if (result.outcome === 'error') {
    return [`policy '${result.policy}' could not be evaluated: ${result.error ?? ''}`];
  }
  return result.violations.map((v) => `policy '${result.policy}'${verb}: ${v.message}`);
}
const denialsOf = (result: PolicyResult) => messagesOf(result, ' denied the request');
const warningsOf = (result: PolicyResult) => messagesOf(result);

/** One review's results, handed on after the decision is made (to be kept as violations). */
export interface ReviewedObject {
  object: KubeObject;
  results: PolicyResult[];
  deleted: boolean;
  /** The Kubernetes user the request came from, when the apiserver said. */
  username: string | null;
}

export function createAdmissionService(deps: {
  policies: () => PolicySet;
  /** Called after each review; must not block (the apiserver is waiting on the answer). */
  onReviewed?: (reviewed: ReviewedObject) => void;
}): AdmissionService {
  return {
    policyCount: () => deps.policies().policies.length,
    review({ request }) {
      // A DELETE carries only the old object; policies see it as `object`, as Kyverno does.
      const object = (request.object ?? request.oldObject ?? {}) as KubeObject;
      const namespace = request.namespace;
      const results = evaluatePolicySet(deps.policies(), {
        object:
          namespace && !(object.metadata as { namespace?: string } | undefined)?.namespace
            ? { ...object, metadata: { ...(object.metadata as object), namespace } }
            : object,
        oldObject: (request.oldObject ?? null) as KubeObject | null,
        operation: request.operation,
        ...(request.userInfo ? { userInfo: request.userInfo } : {}),
      });
      deps.onReviewed?.({
        object,
        results,
        deleted: request.operation === 'DELETE',
        username: request.userInfo?.username ?? null,
      });
      const denied = results.filter((r) => failing(r) && r.actions.includes('Deny'));
      const warnings = results.filter((r) => failing(r) && r.actions.includes('Warn')).flatMap(warningsOf);
      const audited = results.filter((r) => failing(r) && r.actions.includes('Audit'));
      const response: AdmissionReviewResponse['response'] = {
        uid: request.uid,
        allowed: denied.length === 0,
      };
      if (denied.length > 0) {
        response.status = { code: 403, reason: 'Forbidden', message: denied.flatMap(denialsOf).join('; ') };
      }
      if (warnings.length > 0) response.warnings = warnings;
      if (audited.length > 0) {
        response.auditAnnotations = Object.fromEntries(
          audited.map((r) => [
            `cairn.dev/${r.policy}`,
            r.violations.map((v) => v.message).join('; ') || (r.error ?? ''),
          ]),
        );
      }
      return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
    },
  };
}
