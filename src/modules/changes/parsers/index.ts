import type { ParseOutcome } from '../change-parser.ts';
import { parseArgoCdNotification } from './argocd.parser.ts';
import { type GithubDelivery, parseGithubDelivery } from './github.parser.ts';
import { parseJenkinsNotification } from './jenkins.parser.ts';

/**
 * Change parsers by webhook source: adding a sender is adding an entry (and its route). Each
 * turns a payload into a normalised change or the reason it is not one.
 */
export const changeParsers = {
  github: (input: GithubDelivery): ParseOutcome => parseGithubDelivery(input),
  argocd: (input: unknown): ParseOutcome => parseArgoCdNotification(input),
  jenkins: (input: unknown): ParseOutcome => parseJenkinsNotification(input),
} as const satisfies Record<string, (input: never) => ParseOutcome>;

export type ChangeParserSource = keyof typeof changeParsers;
export { ARGOCD_APP_ANNOTATION } from './argocd.parser.ts';
export { GITHUB_SLUG_ANNOTATION, type GithubDelivery, githubEventParsers } from './github.parser.ts';
export { JENKINS_JOB_ANNOTATION, jobFullName } from './jenkins.parser.ts';
