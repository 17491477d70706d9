import { z } from 'zod';
import { GraphEdgeSchema, GraphNodeSchema, type ResourceGraph } from '../model/index.js';

/**
 * The inventory: what exists in each environment and what depends on what, read from real sources
 * (a Terraform state, a Kubernetes snapshot, a live PostgreSQL catalog, CloudFormation stack
 * resources) plus what the config declares. Refreshed on demand (`airlock inventory refresh`) and
 * cached, so a decision never waits on a database or a cluster.
 *
 * Address conventions (the same ones analyzers give Effects, so blast radius can join them):
 * - Kubernetes: `namespace/<ns>`; namespaced objects `<ns>/<kind>/<name>`; cluster-scoped objects
 *   `<kind>/<name>` (`node/n1`, `persistentvolume/pv-1`, `customresourcedefinition/widgets.example.com`);
 *   `<kind>` is the lower-case singular Kind. Node kind: `kubernetes.<kind>`.
 * - SQL (PostgreSQL): `<database>.<schema>.<name>`; node kinds `sql.table`, `sql.view`,
 *   `sql.materialized_view`, `sql.function`, `sql.schema`, `sql.database`.
 * - Terraform: the resource address (`module.db.aws_db_instance.main`); kind `terraform.<type>`.
 * - CloudFormation: `<stack>/<LogicalResourceId>`; the stack itself `<stack>`; kind
 *   `aws.cloudformation.stack` or `cloudformation.<AWS::Type>`.
 * - Declared services: their name as written in the config; kind `service`.
 *
 * Edges: `from` depends on `to`, so a change to `to` reaches `from`. `via` is the relation in a few
 * words, read as "<from> <via> <to>": "references (foreign key orders_customer_id_fkey)",
 * "reads (view)", "is in namespace", "is owned by", "selects the pods of", "is bound to".
 */

/** One source's part of the inventory, as refreshed. */
export const InventoryPartSchema = z.object({
  /** The source's name in the config. */
  source: z.string(),
  /** postgres | kubernetes | terraform | cloudformation | declared */
  type: z.string(),
  /** The environment the source describes; null: whichever environment a change targets. */
  environment: z.string().nullable(),
  refreshedAt: z.string(),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  /** Search order for unqualified names (PostgreSQL `current_schemas`), when the source has one. */
  searchPath: z.array(z.string()).optional(),
  /** The source's default database (PostgreSQL `current_database()`), when it has one. */
  database: z.string().optional(),
  /** Why the last refresh failed (the previous nodes and edges are kept). */
  error: z.string().optional(),
});
export type InventoryPart = z.infer<typeof InventoryPartSchema>;

/** The cached inventory file. */
export const InventorySnapshotSchema = z.object({
  version: z.literal(1),
  refreshedAt: z.string(),
  parts: z.array(InventoryPartSchema),
});
export type InventorySnapshot = z.infer<typeof InventorySnapshotSchema>;

/** What a source parser returns: a graph, plus facts about names (PostgreSQL's search path). */
export interface SourceGraph extends ResourceGraph {
  readonly searchPath?: string[] | undefined;
  readonly database?: string | undefined;
}
