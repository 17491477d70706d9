/**
 * Pulumi URNs: `urn:pulumi:STACK::PROJECT::QUALIFIED_TYPE::NAME`, where the qualified type is the
 * chain of parent types and the resource's own type joined by `$`
 * (`acme:web:Site$aws:s3/bucket:Bucket`) and the name is everything after the third `::`.
 * Reference: https://www.pulumi.com/docs/iac/concepts/resources/names/#urns
 */

const PREFIX = 'urn:pulumi:';

/** The type of the root stack resource every program has. */
export const ROOT_STACK_TYPE = 'pulumi:pulumi:Stack';

export interface ParsedUrn {
  readonly stack: string;
  readonly project: string;
  /** Parent types and own type, `$`-joined. */
  readonly qualifiedType: string;
  /** The resource's own type token (`aws:rds/instance:Instance`). */
  readonly type: string;
  readonly name: string;
}

export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!urn.startsWith(PREFIX)) return undefined;
  const parts = urn.slice(PREFIX.length).split('::');
  if (parts.length < 4) return undefined;
  const [stack, project, qualifiedType] = parts as [string, string, string];
  const name = parts.slice(3).join('::');
  if (!stack || !qualifiedType || !name) return undefined;
  const type = qualifiedType.slice(qualifiedType.lastIndexOf('$') + 1);
  return { stack, project, qualifiedType, type, name };
}

/**
 * The address Airlock gives a Pulumi resource: its URN without the `urn:pulumi:STACK::PROJECT::`
 * prefix, i.e. `QUALIFIED_TYPE::NAME` (`aws:rds/instance:Instance::orders-db`). Every resource of a
 * preview shares that prefix, so what remains is still unique (Pulumi refuses two resources with
 * one URN) while naming the type and the name a person sees in `pulumi preview`. The name alone is
 * not unique: a bucket and its policy are routinely both called `site`. A string that is not a
 * Pulumi URN is kept whole.
 */
export function addressOf(urn: string): string {
  const parsed = parseUrn(urn);
  return parsed ? `${parsed.qualifiedType}::${parsed.name}` : urn;
}

export function isRootStack(urn: string): boolean {
  return parseUrn(urn)?.type === ROOT_STACK_TYPE;
}

export function isProviderType(type: string): boolean {
  return type.startsWith('pulumi:providers:');
}
