import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { AdmissionService } from './admission.service.ts';
import {
  AdmissionReviewRequestSchema,
  AdmissionReviewResponseSchema,
  PolicyViolationSchema,
  ScorecardOverviewSchema,
  ViolationQuerySchema,
} from './contract.ts';
import type { PolicyViolationService } from './policy-violation.service.ts';
import type { ScorecardService } from './scorecard.service.ts';

export function policyRoutes(deps: {
  admission: AdmissionService;
  scorecards: ScorecardService;
  violations: PolicyViolationService;
}): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/admission',
      summary: 'Kubernetes validating admission webhook (AdmissionReview admission.k8s.io/v1)',
      description:
        'Runs the configured policies (policy.paths) on the object under review. A failing Deny policy refuses it with the policy message (allowed: false, status 403); Warn failures come back as warnings and Audit failures as audit annotations. Failures are kept as violations (GET /api/v1/policy/violations) after the answer is sent.',
      tags: ['policy'],
      auth: 'read',
      body: AdmissionReviewRequestSchema,
      response: { status: 200, description: 'The admission decision', schema: AdmissionReviewResponseSchema },
      handler: ({ body }) => deps.admission.review(body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/scorecards',
      summary: 'Scorecard levels per service and team, with the rules that fail and how to fix them',
      description:
        "Scores every catalog service against the configured scorecards now. The day's result per service is recorded (a later read the same day replaces it), which gives the 30-day trend.",
      tags: ['policy'],
      auth: 'read',
      response: {
        status: 200,
        description: 'Levels, failing rules and the trend',
        schema: ScorecardOverviewSchema,
      },
      handler: () => deps.scorecards.overview(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/policy/violations',
      summary: 'Policy violations per service and team, with the resource, the message and how to fix it',
      description:
        'Failing policy results kept from admission reviews and action guardrails, newest first. A violation stays open until the same resource passes the policy or is deleted; exceptions that let a resource through are listed with outcome `excepted`.',
      tags: ['policy'],
      auth: 'read',
      query: ViolationQuerySchema,
      response: {
        status: 200,
        description: 'Violations, newest first',
        schema: z.object({ items: z.array(PolicyViolationSchema) }),
      },
      handler: async ({ query }) => ({ items: await deps.violations.list(query) }),
    }),
  ];
}
