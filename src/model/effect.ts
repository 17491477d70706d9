import { z } from 'zod';
import { OPERATIONS } from './vocabulary.js';

/** The resource an Effect acts on. */
export const ResourceSchema = z.object({
  /**
   * Namespaced resource kind: `file`, `git.branch`, `terraform.aws_db_instance`,
   * `kubernetes.namespace`, `aws.rds.db-instance`, `shell.command` …
   */
  kind: z.string().min(1),
  /** Address or name: a path, a Terraform address, `namespace/payments`, an ARN … */
  address: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Holds data that is lost if the resource is deleted (databases, volumes, buckets …). */
  dataBearing: z.boolean().optional(),
  /** Serves customers directly (load balancers, public endpoints, DNS …). */
  customerFacing: z.boolean().optional(),
  /**
   * Part of Airlock's own guardrails: its config, policies, audit log, installation, or an agent's
   * hook settings. An agent changing these would be changing the rules it is judged by.
   */
  guardrail: z.boolean().optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

/** One thing a Change would do to one resource. */
export const EffectSchema = z.object({
  operation: z.enum(OPERATIONS),
  resource: ResourceSchema,
  /** Can it be undone without loss (an update that can be reverted, a create that can be deleted)? */
  reversible: z.boolean(),
  /** Would data be lost (files, rows, volumes, history)? */
  destroysData: z.boolean(),
  /**
   * Stops a workload serving without deleting it (scaling to zero replicas, draining a node): what
   * depends on it (the Services that select its pods) has an outage until it is undone.
   */
  outage: z.boolean().optional(),
  /** By itself reaches everything in its environment (`terraform destroy`, `kubectl delete --all -A`). */
  environmentWide: z.boolean().optional(),
  /** Plain words for a tired on-call engineer: "deletes ./build and everything under it". */
  summary: z.string(),
  /** The part of the input that produced this Effect (a command, a resource address). */
  evidence: z.string().optional(),
});
export type Effect = z.infer<typeof EffectSchema>;

/** An Effect of operation `unknown`: something the analyzer cannot see into. Fail closed. */
export function unknownEffect(summary: string, evidence?: string, kind = 'shell.command'): Effect {
  return {
    operation: 'unknown',
    resource: { kind, address: evidence ?? '?' },
    reversible: false,
    destroysData: false,
    summary,
    ...(evidence === undefined ? {} : { evidence }),
  };
}
