import { Hono } from 'hono';
import { z } from 'zod';
import { resolveAutonomy } from '../../policy/index.js';
import { TOKEN_ROLES } from '../../store/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { limitBody, readBody, requireRole, type GatewayEnv } from '../http-kit.js';
import { checkName, createToken } from '../tokens.js';
import type { Freeze } from '../../store/index.js';

const SMALL_BODY = 64 * 1024;
const scopeName = z.string().min(1).max(200);
export const FreezeSchema = z.object({ agent: scopeName.optional(), environment: scopeName.optional(), reason: z.string().max(2000) }).strict();
export const LiftSchema = z.object({ agent: scopeName.optional(), environment: scopeName.optional(), reason: z.string().max(2000).optional() }).strict();
export const TokenSchema = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(TOKEN_ROLES),
    approverRoles: z.array(z.string().min(1).max(100)).max(50).optional(),
    actsFor: z.string().min(1).max(100).optional(),
  })
  .strict();

/** Who am I, agents and their autonomy, the kill switch, tokens. */
export function adminRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  routes.get('/whoami', (c) => c.json(c.get('principal')));

  routes.get('/agents', requireRole('approver', 'admin'), async (c) => {
    const { config } = deps;
    const seen = new Map<string, string>();
    for (const row of await deps.runtime.audit.list({ limit: 1000, type: 'decision' })) {
      if (row.agent && !seen.has(row.agent)) seen.set(row.agent, row.at);
    }
    const freezes = await deps.approvals.activeFreezes();
    const names = [...new Set([...Object.keys(config.agents), ...seen.keys()])].sort();
    const environments = Object.keys(config.environments);
    const agents = names.map((name) => ({
      name,
      autonomy: Object.fromEntries([['default', resolveAutonomy(config, name, '')], ...environments.map((env) => [env, resolveAutonomy(config, name, env)])]),
      lastSeen: seen.get(name) ?? null,
      frozen: freezes.some((f) => f.agent === null || f.agent === name),
    }));
    return c.json({ defaultAutonomy: config.defaults.autonomy, environments, agents });
  });

  routes.get('/freezes', async (c) => c.json({ freezes: await deps.approvals.activeFreezes() }));

  routes.post('/freezes', requireRole('admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, FreezeSchema);
    const freeze = await deps.approvals.freeze(c.get('principal'), body);
    return c.json({ ...freeze, warnings: await scopeWarnings(deps, freeze) }, 201);
  });

  routes.post('/freezes/lift', requireRole('admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, LiftSchema);
    return c.json({ lifted: await deps.approvals.unfreeze(c.get('principal'), body, body.reason) });
  });

  routes.post('/tokens', requireRole('admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, TokenSchema);
    const token = await createToken(deps.store, body);
    const name = checkName(body.name, 'name');
    const actsFor = body.actsFor === undefined ? null : checkName(body.actsFor, 'actsFor');
    await deps.runtime.audit.record({
      type: 'token',
      at: new Date().toISOString(),
      body: { action: 'created', name, role: body.role, approverRoles: body.approverRoles ?? [], actsFor, by: c.get('principal').name },
    });
    return c.json({ token, name, role: body.role, approverRoles: body.approverRoles ?? [], actsFor }, 201);
  });

  return routes;
}

/**
 * A freeze whose scope names nothing Airlock knows is almost always a typo, and a typo here means
 * the agent is not stopped. It is still created (fail safe: it may match later), with a warning.
 */
async function scopeWarnings(deps: GatewayDeps, freeze: Freeze): Promise<string[]> {
  const warnings: string[] = [];
  const lower = (value: string) => value.toLowerCase();
  if (freeze.environment !== null) {
    const configured = Object.keys(deps.config.environments).map(lower);
    const seen = (await deps.runtime.audit.list({ environment: freeze.environment, type: 'decision', limit: 1 })).length > 0;
    if (!configured.includes(lower(freeze.environment)) && !seen) {
      warnings.push(
        `no environment named "${freeze.environment}" is configured or has been seen${configured.length ? ` (configured: ${configured.join(', ')})` : ''}; the freeze matches only changes recognised under exactly that name`,
      );
    }
  }
  if (freeze.agent !== null) {
    const agent = freeze.agent;
    const known =
      (await deps.store.listTokens()).some((token) => token.name === agent) ||
      Object.keys(deps.config.agents).map(lower).includes(agent) ||
      (await deps.runtime.audit.list({ agent, type: 'decision', limit: 1 })).length > 0;
    if (!known) warnings.push(`no agent named "${agent}" has a token, a config entry or a recorded change; check the name`);
  }
  return warnings;
}
