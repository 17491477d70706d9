export { APPROVAL_STATES, FINAL_STATES } from './approval-request.js';
export type { ApprovalEnding, ApprovalGrant, ApprovalRequest, ApprovalRequirementView, ApprovalState, ApprovalVote } from './approval-request.js';
export { ApprovalRefused, checkVote, grantOf, grantUsable, quorumReached, requirementOf, summarize, votesSatisfy } from './approval-rules.js';
export type { Actor } from './approval-rules.js';
