import type { ApprovalRequest, ApprovalState } from '../approvals/approval-request.js';

/**
 * What the gateway keeps besides the audit log: approval requests, API tokens and freezes. SQLite
 * implements it; every state change goes through `updateApproval`, which re-reads the request and
 * writes the new version in one write transaction, so two approvers (or an approval racing an
 * expiry) can never both end the same request.
 */

export const TOKEN_ROLES = ['agent', 'approver', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface StoredToken {
  /** Public part of the token (`alk_<id>_<secret>`), used to find it. */
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
  readonly approverRoles: readonly string[];
  /** For agent tokens: the human the agent acts for (separation of duties). */
  readonly actsFor: string | null;
  /** SHA-256 (hex) of the secret part; the secret itself is never stored. */
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A kill switch: every non-read change of the matching agents in the matching environments is denied. */
export interface Freeze {
  readonly id: string;
  /** null = every agent. */
  readonly agent: string | null;
  /** null = every environment. */
  readonly environment: string | null;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface ApprovalQuery {
  readonly state?: ApprovalState | undefined;
  readonly agent?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Finds the request for one agent's change: the digest under the policy version it was decided
 * under, for the agent *and the human it acts for* — two tokens sharing an agent name but acting
 * for different people never share a request or a grant.
 */
export interface ApprovalKey {
  readonly agent: string;
  readonly actsFor: string | null;
  readonly digest: string;
  readonly policyVersion: string;
}

/**
 * Runs inside the write transaction, after the new version is written and before it commits: the
 * audit record of the transition goes here, so a transition whose record cannot be written is
 * rolled back rather than left unrecorded.
 */
export type BeforeCommit = (next: ApprovalRequest) => Promise<void>;

export interface GatewayStore {
  /** Stores a new pending request, or returns the pending one that already exists for the same key. */
  openApproval(request: ApprovalRequest, beforeCommit?: BeforeCommit): Promise<{ request: ApprovalRequest; created: boolean }>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  listApprovals(query: ApprovalQuery): Promise<ApprovalRequest[]>;
  /** The newest request for this key in one of the given states. */
  findApproval(key: ApprovalKey, states: readonly ApprovalState[]): Promise<ApprovalRequest | undefined>;
  /**
   * Reads the request, lets `update` return its next version (or throw to refuse), writes it, all
   * in one write transaction. Resolves with the stored version; rejects with what `update` or
   * `beforeCommit` threw (and then nothing changed). Returning `current` itself writes nothing.
   */
  updateApproval(id: string, update: (current: ApprovalRequest) => ApprovalRequest, beforeCommit?: BeforeCommit): Promise<ApprovalRequest>;
  /** Ids of pending requests whose expiry has passed. */
  dueForExpiry(now: Date): Promise<string[]>;

  addToken(token: StoredToken): Promise<void>;
  findToken(id: string): Promise<StoredToken | undefined>;
  listTokens(): Promise<StoredToken[]>;
  revokeToken(name: string, at: Date): Promise<number>;

  addFreeze(freeze: Freeze): Promise<void>;
  /** Lifts the freezes that match exactly (null = the whole-scope freeze); no filter lifts all. */
  liftFreezes(filter: { agent?: string | null; environment?: string | null } | undefined, by: string, at: Date): Promise<Freeze[]>;
  activeFreezes(): Promise<Freeze[]>;

  close(): Promise<void>;
}
