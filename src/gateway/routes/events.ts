import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { GatewayDeps } from '../gateway-deps.js';
import type { GatewayEventName } from '../gateway-events.js';
import { requireRole, type GatewayEnv } from '../http-kit.js';

const PING_MS = 15_000;
const NAMES: readonly GatewayEventName[] = ['approval', 'freeze', 'audit'];

/** GET /v1/events: approvals, freezes and audit records as server-sent events, as they happen. */
export function eventRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();
  routes.get('/', requireRole('approver', 'admin'), (c) =>
    streamSSE(c, async (stream) => {
      // Writes are queued so events reach the stream in the order they happened.
      let chain = Promise.resolve();
      const send = (event: string, data: unknown) => {
        chain = chain.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => undefined);
      };
      const unsubscribe = NAMES.map((name) => deps.events.on(name, (data) => send(name, data)));
      send('hello', { at: new Date().toISOString() });
      const ping = setInterval(() => {
        chain = chain.then(() => stream.write(': ping\n\n')).then(() => undefined).catch(() => undefined);
      }, PING_MS);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(ping);
      for (const off of unsubscribe) off();
    }),
  );
  return routes;
}
