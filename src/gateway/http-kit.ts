import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { AirlockError, HTTP_STATUS_BY_ERROR, toAirlockError } from '../errors/index.js';
import type { TokenRole } from '../store/index.js';
import type { Principal } from './tokens.js';

/** What every gateway route can read from the request context. */
export interface GatewayEnv {
  Variables: { principal: Principal };
  /** The Node request and response (the MCP route hands them to the SDK's transport). */
  Bindings: HttpBindings;
}

/** The one error body of the API: `{ error: { code, message, hint? } }`, with the code's HTTP status. */
export function errorResponse(c: Context, thrown: unknown): Response {
  const error = toAirlockError(thrown);
  const status = HTTP_STATUS_BY_ERROR[error.code] as 400;
  return c.json({ error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error.details ? { details: error.details } : {}) } }, status);
}

/** Refuses bodies over `maxBytes` before reading them, with the API's error shape. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      errorResponse(
        c,
        new AirlockError('input_too_large', `the request body is larger than ${maxBytes} bytes`, { hint: 'send a smaller change; plans over the limit must be split' }),
      ),
  });
}

/** Reads and validates a JSON body; anything else is a 400 that names the field. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AirlockError('invalid_input', 'the request body is not valid JSON', { hint: 'send Content-Type: application/json with a JSON object' });
  }
  return parseWith(schema, raw, 'body');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : where;
  throw new AirlockError('invalid_input', `${path}: ${issue?.message ?? 'invalid'}`, { hint: 'see the API reference in README.md ("Gateway API")' });
}

/** Lets only the given roles through; everyone else gets a 403 that says which role is needed. */
export function requireRole(...roles: TokenRole[]): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!roles.includes(principal.role)) {
      return errorResponse(
        c,
        new AirlockError('forbidden', `a token with the role ${principal.role} cannot do this; it needs ${roles.join(' or ')}`, {
          hint: roles.includes('approver') ? 'approvals are made with an approver token: `airlock token create --role approver --name <you>`' : 'ask an admin for a token with the right role',
        }),
      );
    }
    await next();
  };
}
