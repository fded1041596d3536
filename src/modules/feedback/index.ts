export { composeFeedback } from './compose-feedback.ts';
export {
  type FeedbackItem,
  type FeedbackList,
  type NpsReport,
  type Rating,
  SUBJECT_KINDS,
  type SubjectKind,
  type SurveyAnswer,
  type SurveyPrompt,
} from './contract.ts';
export { feedbackRoutes } from './feedback.routes.ts';
export { createFeedbackService, type FeedbackService, type Respondent } from './feedback.service.ts';
export { createFeedbackStore } from './feedback.store.ts';
export { computeNpsReport, scoreNps, surveyDue } from './nps.ts';
