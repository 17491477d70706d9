/**
 * The gateway's JSON, as the dashboard reads it (see the API spec and
 * src/approvals/approval-request.ts). Kept here rather than imported from src/: the browser code
 * compiles on its own, and it only relies on the wire format. Fields the dashboard does not need
 * are left out; fields a future gateway may omit are optional.
 */

export type Role = 'agent' | 'approver' | 'admin';
export type DecisionOutcome = 'allow' | 'ask' | 'deny';
export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'replace' | 'execute' | 'unknown';
export type AutonomyLevel = 'observe' | 'supervised' | 'guarded' | 'autonomous';
export type ApprovalState = 'pending' | 'approved' | 'consumed' | 'rejected' | 'expired' | 'withdrawn';

export interface WhoAmI {
  readonly name: string;
  readonly role: Role;
  readonly approverRoles: readonly string[];
}

export interface Resource {
  readonly kind: string;
  readonly address: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly dataBearing?: boolean;
  readonly customerFacing?: boolean;
  readonly guardrail?: boolean;
}

export interface Effect {
  readonly operation: Operation;
  readonly resource: Resource;
  readonly reversible: boolean;
  readonly destroysData: boolean;
  readonly environmentWide?: boolean;
  readonly summary: string;
  readonly evidence?: string;
}

export interface Dependent {
  readonly address: string;
  readonly path: readonly string[];
  /** How each hop depends on the one before it (one entry per hop). */
  readonly via?: readonly string[];
  readonly customerFacing?: boolean;
  readonly dataBearing?: boolean;
}

export interface BlastRadius {
  readonly direct: readonly string[];
  readonly dependents: readonly Dependent[];
  readonly total: number;
  readonly environmentSize?: number | null;
  readonly coverage: number | null;
  readonly wholeEnvironment: boolean;
  readonly customerFacing: readonly string[];
  readonly customerFacingAtRisk: readonly string[];
  readonly dataBearing: readonly string[];
}

export interface Environment {
  readonly name: string;
  readonly production: boolean;
  readonly criticality: string;
  readonly recognizedBy?: string;
}

export interface Assessment {
  readonly environment: Environment;
  readonly effects: readonly Effect[];
  readonly blastRadius: BlastRadius;
  readonly severity: Severity;
  readonly reasons: readonly string[];
}

export interface PolicyRef {
  readonly id: string;
  readonly effect: 'permit' | 'forbid';
  readonly action: string;
  readonly reason?: string;
}

export interface Decision {
  readonly decision: DecisionOutcome;
  readonly enforced: DecisionOutcome;
  readonly mode?: string;
  readonly policies: readonly PolicyRef[];
  readonly reasons: readonly string[];
  readonly approvals?: { readonly count: number; readonly roles: readonly string[]; readonly separateDuties?: boolean };
}

export interface Change {
  readonly id?: string;
  readonly kind: string;
  readonly source: string;
  readonly agent: string;
  readonly session?: string;
  readonly payload: unknown;
  readonly target?: { readonly cwd?: string; readonly environment?: string };
  readonly digest?: string;
  readonly receivedAt?: string;
}

export interface ApprovalVote {
  readonly by: string;
  readonly roles: readonly string[];
  readonly at: string;
  readonly reason: string;
}

export interface ApprovalRequest {
  readonly id: string;
  readonly state: ApprovalState;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly updatedAt: string;
  readonly agent: string;
  readonly actsFor: string | null;
  readonly environment: string;
  readonly kind: string;
  readonly digest: string;
  readonly policyVersion: string;
  readonly summary: string;
  readonly change: Change;
  readonly assessment: Assessment;
  readonly decision: Decision;
  readonly autonomy: AutonomyLevel;
  readonly required: { readonly count: number; readonly roles: readonly string[]; readonly separateDuties: boolean };
  readonly approvals: readonly ApprovalVote[];
  readonly grant: { readonly uses: number | null; readonly used: number; readonly until: string | null } | null;
  readonly ending: { readonly state: ApprovalState; readonly by: string; readonly at: string; readonly reason: string } | null;
}

export interface Freeze {
  readonly id: string;
  readonly agent: string | null;
  readonly environment: string | null;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface AuditRecord {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly type: string;
  readonly agent: string | null;
  readonly source: string | null;
  readonly kind: string | null;
  readonly environment: string | null;
  readonly digest: string | null;
  readonly decision: string | null;
  readonly enforced: string | null;
  readonly mode: string | null;
  readonly wouldBlock: boolean | null;
  readonly severity: string | null;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface AgentInfo {
  readonly name: string;
  readonly autonomy: Readonly<Record<string, AutonomyLevel>>;
  readonly lastSeen: string | null;
  readonly frozen: boolean;
}

export interface AgentsResponse {
  readonly defaultAutonomy: AutonomyLevel;
  readonly agents: readonly AgentInfo[];
}

export interface AuditFilter {
  readonly agent: string;
  readonly environment: string;
  readonly decision: string;
}
