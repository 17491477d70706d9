import { z } from 'zod';
import { EffectSchema } from './effect.js';
import { EnvironmentSchema } from './environment.js';
import { SEVERITIES } from './vocabulary.js';

/** One resource reached through dependencies, with the path that explains why. */
export const DependentSchema = z.object({
  address: z.string(),
  /** From the directly changed resource to this one: ["aws_db_instance.main", "aws_ecs_service.orders"]. */
  path: z.array(z.string()),
  /**
   * How each step of the path depends on the one before (one entry per hop, from the dependency
   * edges): path [customers, orders], via ["references (foreign key orders_customer_id_fkey)"]
   * reads "orders references customers".
   */
  via: z.array(z.string()).optional(),
  customerFacing: z.boolean().optional(),
  dataBearing: z.boolean().optional(),
});
export type Dependent = z.infer<typeof DependentSchema>;

/**
 * A dependent's path in plain words, from the dependent back to what the change touches:
 * "orders-api → reads → test.public.orders → references (foreign key …) → test.public.customers".
 */
export function describeDependencyPath(dependent: Pick<Dependent, 'path' | 'via' | 'address'>): string {
  const path = dependent.path.length > 0 ? dependent.path : [dependent.address];
  if (!dependent.via || dependent.via.length !== path.length - 1) return path.join(' → ');
  const parts: string[] = [path[path.length - 1]!];
  for (let hop = path.length - 1; hop > 0; hop -= 1) parts.push(dependent.via[hop - 1]!, path[hop - 1]!);
  return parts.join(' → ');
}

/** How far a Change reaches: what it changes directly plus everything that depends on that. */
export const BlastRadiusSchema = z.object({
  /** Addresses changed directly (every non-read Effect). */
  direct: z.array(z.string()),
  /** Resources reached through dependencies, not changed directly. */
  dependents: z.array(DependentSchema),
  /** direct + dependents, distinct. */
  total: z.number().int().nonnegative(),
  /** How many resources the environment has, when the input tells (a plan's state); else null. */
  environmentSize: z.number().int().nonnegative().nullable(),
  /** total / environmentSize, 0..1, or null when the size is unknown. */
  coverage: z.number().min(0).max(1).nullable(),
  /** The change reaches the whole environment (an environment-wide effect, or coverage over the threshold). */
  wholeEnvironment: z.boolean(),
  /** Customer-facing resources within the radius. */
  customerFacing: z.array(z.string()),
  /**
   * Customer-facing resources the change puts at risk: deleted, replaced or stopped themselves, or
   * depending (transitively) on a resource the change deletes, stops serving, or whose data it
   * destroys.
   */
  customerFacingAtRisk: z.array(z.string()),
  /** Data-bearing resources within the radius. */
  dataBearing: z.array(z.string()),
});
export type BlastRadius = z.infer<typeof BlastRadiusSchema>;

/** The effects of a change, its blast radius and a severity with human-readable reasons. */
export const AssessmentSchema = z.object({
  environment: EnvironmentSchema,
  effects: z.array(EffectSchema),
  blastRadius: BlastRadiusSchema,
  severity: z.enum(SEVERITIES),
  reasons: z.array(z.string()),
});
export type Assessment = z.infer<typeof AssessmentSchema>;
