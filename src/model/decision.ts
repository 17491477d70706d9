import { z } from 'zod';
import { DECISIONS, MODES } from './vocabulary.js';

/** A Cedar policy that determined a decision, with the reason it gives in plain words. */
export const PolicyRefSchema = z.object({
  id: z.string(),
  effect: z.enum(['permit', 'forbid']),
  /** The Cedar action it was evaluated for: `run` (go ahead alone) or `ask` (go ahead once approved). */
  action: z.enum(['run', 'ask']),
  reason: z.string().optional(),
});
export type PolicyRef = z.infer<typeof PolicyRefSchema>;

export const ApprovalRequirementSchema = z.object({
  /** How many distinct humans must approve. */
  count: z.number().int().positive(),
  /** Roles an approver must hold; empty = any approver. */
  roles: z.array(z.string()),
  /**
   * A policy marked `@separate_duties("true")` insists that neither the requesting agent nor the
   * human it acts for may approve. The gateway also applies this by default (approvals.separateDuties).
   */
  separateDuties: z.boolean().optional(),
});
export type ApprovalRequirement = z.infer<typeof ApprovalRequirementSchema>;

/** What one policy set decided. */
export const VerdictSchema = z.object({
  decision: z.enum(DECISIONS),
  approvals: ApprovalRequirementSchema.optional(),
  policies: z.array(PolicyRefSchema),
  reasons: z.array(z.string()),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/**
 * `allow`, `ask` or `deny`, with the policies behind it. In shadow mode `enforced` is what the
 * agent actually got (always `allow`), while `decision` is what enforcement would have done.
 */
export const DecisionSchema = VerdictSchema.extend({
  mode: z.enum(MODES),
  enforced: z.enum(DECISIONS),
  /** Verdict of policy sets running in shadow mode, when any are configured. */
  shadow: VerdictSchema.optional(),
  /**
   * The gateway's approval request behind this decision: the one an `ask` opened (or is still
   * waiting on), or the approved one whose grant this `allow` used.
   */
  approval: z.object({ requestId: z.string(), state: z.string(), approvedBy: z.array(z.string()).optional() }).optional(),
  /** The kill switch that denied this change, when one did. */
  freeze: z.object({ id: z.string(), reason: z.string(), by: z.string() }).optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
