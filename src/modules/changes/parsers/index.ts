import type { ParseOutcome } from '../change-parser.ts';
import { parseArgoCdNotification } from './argocd.parser.ts';
import { type GithubDelivery, parseGithubDelivery } from './github.parser.ts';
import { parseJenkinsNotification } from './jenkins.parser.ts';
import { parseTerraformPayload, type TerraformRunContext } from './terraform.parser.ts';

/**
 * Change parsers by webhook source: adding a sender is adding an entry (and its route). Each
 * turns a payload into a normalised change or the reason it is not one; a Terraform plan touching
 * several services is one change per service.
 */
export const changeParsers = {
  github: (input: GithubDelivery): ParseOutcome => parseGithubDelivery(input),
  argocd: (input: unknown): ParseOutcome => parseArgoCdNotification(input),
  jenkins: (input: unknown): ParseOutcome => parseJenkinsNotification(input),
  terraform: (input: { payload: unknown; context: TerraformRunContext }): ParseOutcome[] =>
    parseTerraformPayload(input.payload, input.context),
} as const satisfies Record<string, (input: never) => ParseOutcome | ParseOutcome[]>;

export type ChangeParserSource = keyof typeof changeParsers;
export { ARGOCD_APP_ANNOTATION } from './argocd.parser.ts';
export { GITHUB_SLUG_ANNOTATION, type GithubDelivery, githubEventParsers } from './github.parser.ts';
export { JENKINS_JOB_ANNOTATION, jobFullName } from './jenkins.parser.ts';
export {
  TERRAFORM_SERVICE_TAG,
  TERRAFORM_WORKSPACE_ANNOTATION,
  type TerraformRunContext,
  terraformResourceChanges,
} from './terraform.parser.ts';
export {
  addressCovers,
  TERRAFORM_ADDRESSES_ANNOTATION,
  TERRAFORM_MODULES_ANNOTATION,
  type TerraformCatalogEntity,
  type TerraformServiceMap,
  terraformServiceMap,
} from './terraform-mapping.ts';
