import { Hono } from 'hono';
import { z } from 'zod';
import { APPROVAL_STATES, type ApprovalRequest } from '../../approvals/index.js';
import { AirlockError } from '../../errors/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { limitBody, parseWith, readBody, requireRole, type GatewayEnv } from '../http-kit.js';
import type { Principal } from '../tokens.js';

const SMALL_BODY = 64 * 1024;
export const ReasonSchema = z.object({ reason: z.string().max(2000) }).strict();
export const ApproveSchema = z
  .object({
    reason: z.string().max(2000),
    uses: z.number().int().min(1).max(1000).optional(),
    windowMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
  })
  .strict();
export const ListQuerySchema = z.object({
  state: z.enum(APPROVAL_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const WaitQuerySchema = z.object({ timeout: z.coerce.number().min(0).max(120).default(25) });

/** /v1/approvals: list, read, wait for, approve, reject, revoke and withdraw approval requests. */
export function approvalRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();

  /** The request, if this principal may see it: agents see only their own (others are "not found"). */
  async function visible(id: string, principal: Principal): Promise<ApprovalRequest> {
    const request = await deps.store.getApproval(id);
    if (!request || (principal.role === 'agent' && request.agent !== principal.name)) {
      throw new AirlockError('not_found', `there is no approval request ${id}`, { hint: 'list them with GET /v1/approvals or `airlock approvals list`' });
    }
    return request;
  }

  routes.get('/', async (c) => {
    const principal = c.get('principal');
    const query = parseWith(ListQuerySchema, c.req.query(), 'query');
    const approvals = await deps.store.listApprovals({ ...query, agent: principal.role === 'agent' ? principal.name : undefined });
    return c.json({ approvals });
  });

  routes.get('/:id', async (c) => c.json(await visible(c.req.param('id'), c.get('principal'))));

  routes.get('/:id/wait', async (c) => {
    const request = await visible(c.req.param('id'), c.get('principal'));
    if (request.state !== 'pending') return c.json(request);
    const { timeout } = parseWith(WaitQuerySchema, c.req.query(), 'query');
    return c.json((await deps.approvals.waitForEnd(request.id, timeout * 1000, c.req.raw.signal)) ?? request);
  });

  routes.post('/:id/approve', requireRole('approver', 'admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, ApproveSchema);
    return c.json(await deps.approvals.approve(c.req.param('id'), c.get('principal'), body));
  });

  routes.post('/:id/reject', requireRole('approver', 'admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, ReasonSchema);
    return c.json(await deps.approvals.reject(c.req.param('id'), c.get('principal'), body.reason));
  });

  routes.post('/:id/revoke', requireRole('approver', 'admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, ReasonSchema);
    return c.json(await deps.approvals.revoke(c.req.param('id'), c.get('principal'), body.reason));
  });

  routes.post('/:id/withdraw', requireRole('agent', 'admin'), limitBody(SMALL_BODY), async (c) => {
    const body = await readBody(c, ReasonSchema.partial());
    await visible(c.req.param('id'), c.get('principal'));
    return c.json(await deps.approvals.withdraw(c.req.param('id'), c.get('principal'), body.reason ?? ''));
  });

  return routes;
}
