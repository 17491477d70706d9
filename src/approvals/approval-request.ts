import type { Assessment, AutonomyLevel, Change, Decision } from '../model/index.js';

/**
 * The life of an approval request. `pending` is the only state that moves: to `approved` once the
 * quorum is reached, or to one of the final states. `approved` ends as `consumed` when its grant is
 * used up (or its window passes); rejection, expiry and withdrawal are final the moment they happen.
 */
export const APPROVAL_STATES = ['pending', 'approved', 'consumed', 'rejected', 'expired', 'withdrawn'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** States from which nothing can happen any more. */
export const FINAL_STATES: ReadonlySet<ApprovalState> = new Set(['consumed', 'rejected', 'expired', 'withdrawn']);

/** Who approves and how many: from the policies that made the change ask, and the gateway's config. */
export interface ApprovalRequirementView {
  readonly count: number;
  readonly roles: readonly string[];
  readonly separateDuties: boolean;
}

/** One human's yes, with the identity taken from their token. */
export interface ApprovalVote {
  readonly by: string;
  readonly roles: readonly string[];
  readonly at: string;
  readonly reason: string;
}

/**
 * What an approval lets happen: the same agent may run the change with this digest `uses` times,
 * or as often as it likes until `until` (a time window), under the same policy version.
 */
export interface ApprovalGrant {
  readonly uses: number | null;
  readonly used: number;
  readonly until: string | null;
}

/** How the request ended (rejected, expired, withdrawn, consumed), by whom and why. */
export interface ApprovalEnding {
  readonly state: ApprovalState;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/** An approval request as stored and as the API and dashboard show it. */
export interface ApprovalRequest {
  readonly id: string;
  readonly state: ApprovalState;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly updatedAt: string;
  /** The agent whose change this is (from its token, or the hook's agent name). */
  readonly agent: string;
  /** The human the agent acts for, when its token says. */
  readonly actsFor: string | null;
  readonly environment: string;
  readonly kind: string;
  /** What an approval is bound to: SHA-256 of the change's canonical form and where it runs. */
  readonly digest: string;
  /** The policy set's version the decision was made under; an approval holds only under it. */
  readonly policyVersion: string;
  /** One line in plain words: what the agent wants to do. */
  readonly summary: string;
  readonly change: Change;
  readonly assessment: Assessment;
  readonly decision: Decision;
  readonly autonomy: AutonomyLevel;
  readonly required: ApprovalRequirementView;
  readonly approvals: readonly ApprovalVote[];
  readonly grant: ApprovalGrant | null;
  readonly ending: ApprovalEnding | null;
}
