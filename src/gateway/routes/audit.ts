import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditRow } from '../../store/index.js';
import type { AuditSummary } from '../gateway-events.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { parseWith, requireRole, type GatewayEnv } from '../http-kit.js';

export const AuditQuerySchema = z.object({
  agent: z.string().max(200).optional(),
  environment: z.string().max(200).optional(),
  decision: z.enum(['allow', 'ask', 'deny']).optional(),
  type: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** An audit row as the API shows it: the body parsed, wouldBlock a boolean. */
export function auditSummary(row: AuditRow): AuditSummary {
  const { body, wouldBlock, prevHash: _prev, hash: _hash, ...columns } = row;
  return { ...columns, wouldBlock: wouldBlock === 1, body: JSON.parse(body) as unknown };
}

/** /v1/audit: the timeline with filters, and chain verification. */
export function auditRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();
  routes.use('*', requireRole('approver', 'admin'));
  routes.get('/', async (c) => {
    const query = parseWith(AuditQuerySchema, c.req.query(), 'query');
    const rows = await deps.runtime.audit.list({ ...query, beforeSeq: query.before });
    return c.json({ records: rows.map(auditSummary) });
  });
  routes.get('/verify', async (c) => c.json(await deps.runtime.audit.verify()));
  return routes;
}
