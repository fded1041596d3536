import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { AdmissionService } from './admission.service.ts';
import { AdmissionReviewRequestSchema, AdmissionReviewResponseSchema } from './contract.ts';

export function policyRoutes(deps: { admission: AdmissionService }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/admission',
      summary: 'Kubernetes validating admission webhook (AdmissionReview admission.k8s.io/v1)',
      description:
        'Runs the configured policies (policy.paths) on the object under review. A failing Deny policy refuses it with the policy message (allowed: false, status 403); Warn failures come back as warnings and Audit failures as audit annotations.',
      tags: ['policy'],
      auth: 'read',
      body: AdmissionReviewRequestSchema,
      response: { status: 200, description: 'The admission decision', schema: AdmissionReviewResponseSchema },
      handler: ({ body }) => deps.admission.review(body),
    }),
  ];
}
