export {
  actionAnswerSource,
  runbookAnswerSource,
  type SupportActions,
  type SupportRunbooks,
} from './answer-sources.ts';
export { signSlackBody, verifySlackSignature } from './chat-auth.ts';
export { parseChatBody, parseChatCommand } from './chat-command.ts';
export { catalogAnswerSource, composeSupport, type SupportCatalog } from './compose-support.ts';
export {
  RESOLUTIONS,
  type Resolution,
  type Suggestion,
  type SupportRequest,
  SupportRequestSchema,
} from './contract.ts';
export { type Answerable, type AnswerSource, matchAnswers } from './matcher.ts';
export { createSupportService, type SupportService } from './support.service.ts';
export { createSupportStore, type SupportRequestRow } from './support.store.ts';
export { classifyTopic } from './topic.ts';
