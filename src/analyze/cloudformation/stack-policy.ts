import picomatch from 'picomatch';
import { z } from 'zod';

/**
 * A CloudFormation stack policy (`aws cloudformation get-stack-policy` → `StackPolicyBody`): which
 * update actions CloudFormation lets a stack update perform on which resources. Once a stack has a
 * policy, every resource is protected unless a statement allows the action, and a Deny beats any
 * Allow. Airlock reads it as a fact ("CloudFormation will stop this replace"), never as a reason
 * to worry less: an agent with the right permissions can pass an overriding policy.
 */

const StringOrList = z.union([z.string(), z.array(z.string())]);

const StatementSchema = z.looseObject({
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.unknown().optional(),
  Action: StringOrList.optional(),
  NotAction: StringOrList.optional(),
  Resource: StringOrList.optional(),
  NotResource: StringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), StringOrList)).optional(),
});

export const StackPolicySchema = z.looseObject({ Statement: z.union([StatementSchema, z.array(StatementSchema)]) });
export type StackPolicy = z.infer<typeof StackPolicySchema>;
type Statement = z.infer<typeof StatementSchema>;

/** The update actions a stack policy names. */
export type UpdateAction = 'Update:Modify' | 'Update:Replace' | 'Update:Delete';

/**
 * The policy as given: the document, its JSON text (what StackPolicyBody holds), or the whole
 * `get-stack-policy` answer. Invalid → undefined with the reason, so the caller can say so.
 */
export function readStackPolicy(value: unknown): { policy: StackPolicy } | { error: string } {
  let document = value;
  if (document && typeof document === 'object' && 'StackPolicyBody' in document) document = (document as { StackPolicyBody: unknown }).StackPolicyBody;
  if (typeof document === 'string') {
    try {
      document = JSON.parse(document);
    } catch (error) {
      return { error: `the stack policy is not JSON: ${(error as Error).message}` };
    }
  }
  const parsed = StackPolicySchema.safeParse(document);
  if (!parsed.success) return { error: `the stack policy is not a policy document (${parsed.error.issues[0]?.path.join('.') || 'document'}: ${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return { policy: parsed.data };
}

/**
 * Whether CloudFormation would let a stack update perform `action` on the resource: `denied` names
 * the statement that stops it (an explicit Deny, or no Allow at all).
 */
export function evaluateStackPolicy(policy: StackPolicy, action: UpdateAction, logicalId: string, resourceType: string): { allowed: true } | { allowed: false; because: string } {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const applying = statements.filter((statement) => applies(statement, action, logicalId, resourceType));
  const deny = applying.find((statement) => statement.Effect === 'Deny');
  if (deny) return { allowed: false, because: `the stack policy denies ${action} on LogicalResourceId/${logicalId}` };
  if (applying.some((statement) => statement.Effect === 'Allow')) return { allowed: true };
  return { allowed: false, because: `the stack policy allows no ${action} on LogicalResourceId/${logicalId} (a stack policy protects everything it does not allow)` };
}

function applies(statement: Statement, action: UpdateAction, logicalId: string, resourceType: string): boolean {
  const resource = `LogicalResourceId/${logicalId}`;
  if (statement.Action !== undefined && !anyMatch(statement.Action, action)) return false;
  if (statement.NotAction !== undefined && anyMatch(statement.NotAction, action)) return false;
  if (statement.Resource !== undefined && !anyMatch(statement.Resource, resource)) return false;
  if (statement.NotResource !== undefined && anyMatch(statement.NotResource, resource)) return false;
  for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
    const wanted = conditions['ResourceType'];
    if (wanted === undefined) continue;
    const values = Array.isArray(wanted) ? wanted : [wanted];
    const match = operator.startsWith('StringLike') ? values.some((glob) => picomatch.isMatch(resourceType, glob)) : values.includes(resourceType);
    const negated = operator.startsWith('StringNot');
    if (match === negated) return false;
  }
  return true;
}

/** Stack policies use `*` wildcards in actions and resources (`Update:*`, `LogicalResourceId/Prod*`). */
function anyMatch(patterns: string | string[], value: string): boolean {
  return (Array.isArray(patterns) ? patterns : [patterns]).some((pattern) => pattern === '*' || picomatch.isMatch(value, pattern, { dot: true, noextglob: true, nobrace: true }));
}
