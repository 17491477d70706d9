import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { GatewayDeps } from '../gateway-deps.js';
import type { GatewayEventName } from '../gateway-events.js';
import { requireRole, type GatewayEnv } from '../http-kit.js';

const PING_MS = 15_000;
/** Events queued for one stream before it counts as stalled and is closed (the page reconnects and refetches). */
const MAX_QUEUED = 1000;
const NAMES: readonly GatewayEventName[] = ['approval', 'freeze', 'audit'];

/** GET /v1/events: approvals, freezes and audit records as server-sent events, as they happen. */
export function eventRoutes(deps: GatewayDeps): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>();
  routes.get('/', requireRole('approver', 'admin'), (c) =>
    streamSSE(c, async (stream) => {
      // Writes are queued so events reach the stream in the order they happened. A client that
      // stops reading would make the queue grow without bound: past MAX_QUEUED it is cut off.
      let chain = Promise.resolve();
      let queued = 0;
      const send = (event: string, data: unknown) => {
        if (stream.aborted || stream.closed) return;
        if (++queued > MAX_QUEUED) {
          void stream.abort();
          return;
        }
        chain = chain
          .then(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
          .catch(() => undefined)
          .finally(() => {
            queued -= 1;
          });
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
