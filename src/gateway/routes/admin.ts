import { Hono } from 'hono';
import { z } from 'zod';
import { resolveAutonomy } from '../../policy/index.js';
import { TOKEN_ROLES } from '../../store/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { limitBody, readBody, requireRole, type GatewayEnv } from '../http-kit.js';
import { createToken } from '../tokens.js';

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
    return c.json(await deps.approvals.freeze(c.get('principal'), body), 201);
  });

  routes.post('/freezes/lift', requireRole('admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, LiftSchema);
    return c.json({ lifted: await deps.approvals.unfreeze(c.get('principal'), body, body.reason) });
  });

  routes.post('/tokens', requireRole('admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, TokenSchema);
    const token = await createToken(deps.store, body);
    await deps.runtime.audit.record({
      type: 'token',
      at: new Date().toISOString(),
      body: { action: 'created', name: body.name, role: body.role, approverRoles: body.approverRoles ?? [], actsFor: body.actsFor ?? null, by: c.get('principal').name },
    });
    return c.json({ token, name: body.name, role: body.role, approverRoles: body.approverRoles ?? [], actsFor: body.actsFor ?? null }, 201);
  });

  return routes;
}
