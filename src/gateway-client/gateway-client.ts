import { z } from 'zod';
import type { ApprovalRequest } from '../approvals/index.js';
import { AirlockError, ERROR_CODES, type ErrorCode } from '../errors/index.js';
import type { AgentAnswer } from '../gateway/agent-answer.js';
import type { Freeze } from '../store/index.js';

/**
 * The least an answer must hold to be believed. A hook lets a tool call run on `allow`, so an
 * answer that merely says `allow` — from a proxy, a wrong server, a half-written body — is not
 * enough: it must be a decision the gateway recorded, and say so consistently.
 */
const AnswerSchema = z.looseObject({
  decision: z.enum(['allow', 'deny']),
  reason: z.string(),
  check: z.looseObject({
    decision: z.looseObject({ enforced: z.enum(['allow', 'ask', 'deny']) }),
    record: z.looseObject({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  }),
});

function checkedAnswer(raw: unknown, root: string): AgentAnswer {
  const parsed = AnswerSchema.safeParse(raw);
  const consistent = parsed.success && (parsed.data.decision === 'deny' || parsed.data.check.decision.enforced === 'allow');
  if (!parsed.success || !consistent) {
    throw new AirlockError('gateway_unreachable', `the gateway at ${root} gave an answer that is not a recorded Airlock decision`, {
      hint: 'check that AIRLOCK_URL points at an Airlock gateway (not a proxy or another service)',
    });
  }
  return raw as AgentAnswer;
}

export interface GatewayClientOptions {
  /** AIRLOCK_URL: the gateway's base URL, e.g. http://127.0.0.1:4477 */
  readonly url: string;
  /** AIRLOCK_TOKEN */
  readonly token: string;
  /** Per-request timeout in ms when the call does not set its own (default 10000). */
  readonly timeoutMs?: number | undefined;
}

export interface SubmitInput {
  readonly change: Record<string, unknown>;
  readonly ambient?: { kubeContext?: string | undefined; awsProfile?: string | undefined; terraformWorkspace?: string | undefined } | undefined;
  readonly wait?: number | undefined;
}

/**
 * The gateway's API for the CLI and the hooks. Every failure is an AirlockError: the API's own
 * code when it answered, `gateway_unreachable` when it did not (callers that guard an agent turn
 * that into a block — a configured gateway that cannot be reached fails closed).
 */
export interface GatewayClient {
  readonly url: string;
  submit(input: SubmitInput, timeoutMs?: number): Promise<AgentAnswer>;
  listApprovals(query?: { state?: string | undefined; limit?: number | undefined }): Promise<ApprovalRequest[]>;
  getApproval(id: string): Promise<ApprovalRequest>;
  /** The request once it is no longer pending, or as it is after `timeoutSeconds` (at most 300). */
  waitApproval(id: string, timeoutSeconds: number): Promise<ApprovalRequest>;
  approve(id: string, body: { reason: string; uses?: number | undefined; windowMinutes?: number | undefined }): Promise<ApprovalRequest>;
  reject(id: string, reason: string): Promise<ApprovalRequest>;
  revoke(id: string, reason: string): Promise<ApprovalRequest>;
  freeze(body: { agent?: string | undefined; environment?: string | undefined; reason: string }): Promise<Freeze & { warnings?: string[] }>;
  unfreeze(body: { agent?: string | undefined; environment?: string | undefined; reason?: string | undefined }): Promise<{ lifted: Freeze[] }>;
  freezes(): Promise<{ freezes: Freeze[] }>;
  whoami(): Promise<{ name: string; role: string; approverRoles: string[]; actsFor: string | null }>;
}

/** Reads AIRLOCK_URL and AIRLOCK_TOKEN; says what to set when either is missing. */
export function gatewayClientFromEnv(env: Readonly<Record<string, string | undefined>>, what: string): GatewayClient {
  const url = env['AIRLOCK_URL'];
  const token = env['AIRLOCK_TOKEN'];
  if (!url) throw new AirlockError('usage', `${what} talks to a gateway, and AIRLOCK_URL is not set`, { hint: 'export AIRLOCK_URL=http://127.0.0.1:4477 (the address `airlock serve` printed)' });
  if (!token) throw new AirlockError('usage', `${what} needs a token, and AIRLOCK_TOKEN is not set`, { hint: 'create one on the gateway host: `airlock token create --role approver --name <you>`' });
  return createGatewayClient({ url, token });
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new AirlockError('usage', `AIRLOCK_URL "${options.url}" is not a URL`, { hint: 'it looks like http://127.0.0.1:4477' });
  }
  const root = base.href.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown, timeoutMs = options.timeoutMs ?? 10_000): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect could hand an agent's change (and its token) to another server, or its answer
        // to someone else's: the gateway never redirects, so any redirect is an error.
        redirect: 'error',
      });
    } catch (cause) {
      const reason = (cause as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((cause as { cause?: Error }).cause?.message ?? (cause as Error).message);
      throw new AirlockError('gateway_unreachable', `cannot reach the Airlock gateway at ${root}: ${reason}`, {
        cause,
        hint: 'check that `airlock serve` is running there and AIRLOCK_URL is right',
      });
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; hint?: string } } | undefined)?.error;
      const code: ErrorCode = error?.code && (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ErrorCode) : 'gateway_unreachable';
      throw new AirlockError(code, error?.message ?? `the gateway answered ${response.status} ${response.statusText}`, error?.hint ? { hint: error.hint } : {});
    }
    if (parsed === undefined) throw new AirlockError('gateway_unreachable', `the gateway at ${root} did not answer with JSON`, { hint: 'is AIRLOCK_URL pointing at an Airlock gateway?' });
    return parsed as T;
  }

  const id = (value: string) => encodeURIComponent(value);
  return {
    url: root,
    submit: async (input, timeoutMs) => checkedAnswer(await call<unknown>('POST', '/v1/changes', input, timeoutMs), root),
    listApprovals: async (query = {}) => {
      const params = new URLSearchParams();
      if (query.state) params.set('state', query.state);
      if (query.limit) params.set('limit', String(query.limit));
      return (await call<{ approvals: ApprovalRequest[] }>('GET', `/v1/approvals${params.size ? `?${params}` : ''}`)).approvals;
    },
    getApproval: (requestId) => call('GET', `/v1/approvals/${id(requestId)}`),
    waitApproval: (requestId, timeoutSeconds) => call('GET', `/v1/approvals/${id(requestId)}/wait?timeout=${timeoutSeconds}`, undefined, (timeoutSeconds + 10) * 1000),
    approve: (requestId, body) => call('POST', `/v1/approvals/${id(requestId)}/approve`, body),
    reject: (requestId, reason) => call('POST', `/v1/approvals/${id(requestId)}/reject`, { reason }),
    revoke: (requestId, reason) => call('POST', `/v1/approvals/${id(requestId)}/revoke`, { reason }),
    freeze: (body) => call('POST', '/v1/freezes', body),
    unfreeze: (body) => call('POST', '/v1/freezes/lift', body),
    freezes: () => call('GET', '/v1/freezes'),
    whoami: () => call('GET', '/v1/whoami'),
  };
}
