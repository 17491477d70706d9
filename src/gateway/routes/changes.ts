import { Hono } from 'hono';
import { z } from 'zod';
import { AirlockError } from '../../errors/index.js';
import type { AmbientProbe } from '../../intake/ambient-probe.js';
import type { ChangeRequest } from '../../model/index.js';
import { decideForAgent } from '../decide-for-agent.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { limitBody, readBody, requireRole, type GatewayEnv } from '../http-kit.js';

/** Same ceiling as `airlock check terraform`: a plan bigger than this is refused, not analysed. */
const MAX_CHANGE_BYTES = 32 * 1024 * 1024;
/** Everything but a plan is small; a big body of another kind is refused before any analysis. */
const MAX_SMALL_CHANGE_BYTES = 1024 * 1024;
const LARGE_KINDS: ReadonlySet<string> = new Set(['terraform', 'cloudformation', 'pulumi', 'kubernetes']);

export const SubmitSchema = z
  .object({
    /** A ChangeRequest; `agent` is taken from an agent token, `source` defaults to http. The pipeline validates the rest. */
    change: z
      .object({
        kind: z.string(),
        payload: z.unknown(),
        target: z.unknown().optional(),
        session: z.unknown().optional(),
        agent: z.string().optional(),
        source: z.string().optional(),
        autonomy: z.unknown().optional(),
      })
      .strict(),
    /** The agent's surroundings, for a change that does not name its environment itself. */
    ambient: z
      .object({ kubeContext: z.string().max(500).optional(), awsProfile: z.string().max(500).optional(), terraformWorkspace: z.string().max(500).optional() })
      .strict()
      .optional(),
    /** Longest the caller will wait for a human, seconds (capped by approvals.waitTimeout). */
    wait: z.number().min(0).max(3600).optional(),
  })
  .strict();

/** POST /v1/changes: the pipeline, then — for `ask` — the approval request and, if configured, the wait. */
export function changeRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();
  routes.post('/', requireRole('agent', 'admin'), limitBody(MAX_CHANGE_BYTES), async (c) => {
    const principal = c.get('principal');
    const size = Number(c.req.header('content-length') ?? '0');
    const body = await readBody(c, SubmitSchema);
    if (!LARGE_KINDS.has(body.change.kind) && (size > MAX_SMALL_CHANGE_BYTES || JSON.stringify(body.change.payload ?? null).length > MAX_SMALL_CHANGE_BYTES)) {
      throw new AirlockError('input_too_large', `a ${body.change.kind} change larger than ${MAX_SMALL_CHANGE_BYTES} bytes is refused`, {
        hint: 'only plans (terraform, cloudformation, pulumi previews, kubernetes manifests) may be large',
      });
    }
    // An agent is who its token says, whatever the body claims: policy and autonomy key on it.
    const agent = principal.role === 'agent' ? principal.name : (body.change.agent ?? principal.name);
    const request = { ...body.change, agent, source: body.change.source ?? 'http' } as ChangeRequest;
    if (principal.role === 'agent' && request.autonomy !== undefined) {
      throw new AirlockError('forbidden', 'an agent cannot choose its own autonomy level', { hint: 'leave `autonomy` out; airlock.yaml sets it' });
    }
    const context = { ambient: probeOf(body.ambient), actsFor: principal.actsFor };
    return c.json(await decideForAgent(deps, request, context, { wait: body.wait, signal: c.req.raw.signal }));
  });
  return routes;
}

function probeOf(ambient: { kubeContext?: string | undefined; awsProfile?: string | undefined; terraformWorkspace?: string | undefined } | undefined): AmbientProbe {
  return {
    kubeContext: () => ambient?.kubeContext,
    awsProfile: () => ambient?.awsProfile,
    terraformWorkspace: () => ambient?.terraformWorkspace,
  };
}
