import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AirlockError } from '../errors/index.js';
import { TOKEN_ROLES, type GatewayStore, type StoredToken, type TokenRole } from '../store/index.js';

/** Who a request comes from, as their token says: the only source of identity the gateway trusts. */
export interface Principal {
  readonly name: string;
  readonly role: TokenRole;
  readonly approverRoles: readonly string[];
  readonly actsFor: string | null;
}

export interface NewToken {
  readonly name: string;
  readonly role: TokenRole;
  readonly approverRoles?: readonly string[] | undefined;
  readonly actsFor?: string | undefined;
}

const TOKEN_SHAPE = /^alk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const NAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Creates a token and returns it in full: `alk_<id>_<secret>`. Only the SHA-256 of the secret is
 * stored, so the token is shown once and cannot be recovered, only revoked and replaced.
 */
export async function createToken(store: GatewayStore, input: NewToken, now = new Date()): Promise<string> {
  // Names are identities compared by people: `Alice` and `alice` must not count as two approvers.
  const name = checkName(input.name, 'token name');
  const actsFor = input.actsFor === undefined ? null : checkName(input.actsFor, '--acts-for');
  if (!TOKEN_ROLES.includes(input.role)) {
    throw new AirlockError('invalid_input', `unknown role "${input.role}"`, { hint: `a token's role is one of ${TOKEN_ROLES.join(', ')}` });
  }
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const token: StoredToken = {
    id,
    name,
    role: input.role,
    approverRoles: [...new Set(input.approverRoles ?? [])],
    actsFor,
    secretHash: sha256(secret).toString('hex'),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await store.addToken(token);
  return `alk_${id}_${secret}`;
}

/** A name as it is stored and compared: trimmed, lower case; invalid ones are refused. */
export function checkName(raw: string, what: string): string {
  const name = raw.trim().toLowerCase();
  if (!NAME_SHAPE.test(name)) {
    throw new AirlockError('invalid_input', `${what} "${raw}" is not valid`, {
      hint: 'use letters, digits, . _ @ - (up to 100 characters): names are the identities approvals are recorded under, compared without case',
    });
  }
  return name;
}

/**
 * The principal a presented token stands for, or undefined. The secret's hash is compared in
 * constant time; a token of the wrong shape, an unknown id and a revoked token all fail the same way.
 */
export async function authenticate(store: GatewayStore, presented: string): Promise<Principal | undefined> {
  const match = TOKEN_SHAPE.exec(presented);
  if (!match) return undefined;
  const stored = await store.findToken(match[1]!);
  const expected = stored ? Buffer.from(stored.secretHash, 'hex') : Buffer.alloc(32);
  const equal = timingSafeEqual(sha256(match[2]!), expected.length === 32 ? expected : Buffer.alloc(32));
  if (!stored || !equal || stored.revokedAt !== null) return undefined;
  return { name: stored.name, role: stored.role, approverRoles: stored.approverRoles, actsFor: stored.actsFor };
}
