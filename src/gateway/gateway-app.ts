import { Hono, type MiddlewareHandler } from 'hono';
import { AirlockError } from '../errors/index.js';
import type { GatewayDeps } from './gateway-deps.js';
import { errorResponse, type GatewayEnv } from './http-kit.js';
import { openApiDocument } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { changeRoutes } from './routes/changes.js';
import { eventRoutes } from './routes/events.js';
import { authenticate } from './tokens.js';

/**
 * The gateway's HTTP API. Every /v1 route but /v1/health needs a bearer token; the principal it
 * stands for is the only identity routes use (an approval is recorded under the token's name,
 * never a name from the body). Errors are `{ error: { code, message, hint } }`.
 */
export function createGatewayApp(deps: GatewayDeps, extra?: (app: Hono<GatewayEnv>) => void): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => errorResponse(c, new AirlockError('not_found', `no route ${c.req.method} ${c.req.path}`, { hint: 'see the API reference in README.md ("Gateway API")' })));

  app.get('/v1/health', (c) => c.json({ ok: true, version: deps.version, policyVersion: deps.runtime.policy.version }));
  const openApi = openApiDocument(deps.version);
  app.get('/v1/openapi.json', (c) => c.json(openApi));

  app.use('/v1/*', requireToken(deps));

  app.route('/v1/changes', changeRoutes(deps));
  app.route('/v1/approvals', approvalRoutes(deps));
  app.route('/v1/audit', auditRoutes(deps));
  app.route('/v1/events', eventRoutes(deps));
  app.route('/v1', adminRoutes(deps));
  extra?.(app);
  return app;
}

/** Lets a request through only with a valid bearer token, and puts its principal on the context. */
export function requireToken(deps: Pick<GatewayDeps, 'store'>): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await authenticate(deps.store, match[1]!) : undefined;
    if (!principal) {
      return errorResponse(
        c,
        new AirlockError('unauthorized', match ? 'the token is not valid (unknown, revoked or mistyped)' : 'this needs a token: send Authorization: Bearer <token>', {
          hint: 'create one with `airlock token create --role approver --name <you>` on the gateway host',
        }),
      );
    }
    c.set('principal', principal);
    await next();
  };
}
