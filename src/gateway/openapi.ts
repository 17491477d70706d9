import { z } from 'zod';
import type { TokenRole } from '../store/index.js';
import { FreezeSchema, LiftSchema, TokenSchema } from './routes/admin.js';
import { ApproveSchema, ListQuerySchema, ReasonSchema, WaitQuerySchema } from './routes/approvals.js';
import { AuditQuerySchema } from './routes/audit.js';
import { SubmitSchema } from './routes/changes.js';

interface Operation {
  readonly method: 'get' | 'post';
  /** OpenAPI path template (`{id}`), matching the Hono route (`:id`). */
  readonly path: string;
  readonly summary: string;
  /** Roles allowed; empty = no token needed. */
  readonly roles: readonly TokenRole[];
  readonly body?: z.ZodType | undefined;
  readonly query?: z.ZodObject | undefined;
  readonly status?: number | undefined;
}

const ANY: readonly TokenRole[] = ['agent', 'approver', 'admin'];

/**
 * Every route of the API, with the same zod schemas the routes validate with, so the document
 * cannot drift from what the server accepts (a test checks that it lists every route).
 */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/v1/health', summary: 'Liveness, version and policy version', roles: [] },
  { method: 'get', path: '/v1/openapi.json', summary: 'This document', roles: [] },
  { method: 'get', path: '/v1/whoami', summary: "The token's identity", roles: ANY },
  { method: 'post', path: '/v1/changes', summary: 'Submit a Change; get the final decision (waiting for people if configured)', roles: ['agent', 'admin'], body: SubmitSchema },
  { method: 'get', path: '/v1/approvals', summary: 'Approval requests, newest first (agents: their own)', roles: ANY, query: ListQuerySchema },
  { method: 'get', path: '/v1/approvals/{id}', summary: 'One approval request', roles: ANY },
  { method: 'get', path: '/v1/approvals/{id}/wait', summary: 'The request once it is no longer pending, or at the timeout', roles: ANY, query: WaitQuerySchema },
  { method: 'post', path: '/v1/approvals/{id}/approve', summary: "Approve (identity from the token); quorum may need more", roles: ['approver', 'admin'], body: ApproveSchema },
  { method: 'post', path: '/v1/approvals/{id}/reject', summary: 'Reject; final', roles: ['approver', 'admin'], body: ReasonSchema },
  { method: 'post', path: '/v1/approvals/{id}/revoke', summary: 'Take back an approval before it is used up; the request ends rejected', roles: ['approver', 'admin'], body: ReasonSchema },
  { method: 'post', path: '/v1/approvals/{id}/withdraw', summary: 'Withdraw (the requesting agent or an admin); final', roles: ['agent', 'admin'], body: ReasonSchema.partial() },
  { method: 'get', path: '/v1/audit', summary: 'Audit records, newest first, with filters', roles: ['approver', 'admin'], query: AuditQuerySchema },
  { method: 'get', path: '/v1/audit/verify', summary: 'Verify the hash chain', roles: ['approver', 'admin'] },
  { method: 'get', path: '/v1/agents', summary: 'Agents with their autonomy level per environment', roles: ['approver', 'admin'] },
  { method: 'get', path: '/v1/freezes', summary: 'Active freezes (kill switch)', roles: ANY },
  { method: 'post', path: '/v1/freezes', summary: 'Freeze: deny every non-read change of an agent / environment / everything', roles: ['admin'], body: FreezeSchema, status: 201 },
  { method: 'post', path: '/v1/freezes/lift', summary: 'Lift freezes (exact scope, or all)', roles: ['admin'], body: LiftSchema },
  { method: 'post', path: '/v1/tokens', summary: 'Create a token (shown once)', roles: ['admin'], body: TokenSchema, status: 201 },
  { method: 'get', path: '/v1/events', summary: 'Server-sent events: approval, freeze, audit', roles: ['approver', 'admin'] },
];

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' }, details: { type: 'object' } },
    },
  },
};

/** The OpenAPI 3.1 document of the gateway's API. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...(op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : []),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }),
      })),
    ];
    const errors = Object.fromEntries(
      [400, 401, 403, 404, 409, 413, 503].map((status) => [String(status), { description: 'error', content: { 'application/json': { schema: ERROR } } }]),
    );
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: op.roles.length ? `Token roles: ${op.roles.join(', ')}` : 'No token needed',
      ...(op.roles.length ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } }
        : {}),
      responses: {
        [String(op.status ?? 200)]: { description: 'success', content: { [op.path === '/v1/events' ? 'text/event-stream' : 'application/json']: {} } },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Airlock gateway', version, description: 'Change-control gateway for AI agents. See README.md, "Gateway API".' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'alk_<id>_<secret> (airlock token create)' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
