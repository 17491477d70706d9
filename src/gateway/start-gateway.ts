import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { canonicalJson, sha256Hex } from '../model/index.js';
import { createNotifier, type DeliveryReport } from '../notify/index.js';
import { openRuntime, type Runtime } from '../pipeline/index.js';
import { gatewayDatabasePath } from './gateway-paths.js';
import { openSqliteGatewayStore, type GatewayStore, type TokenRole } from '../store/index.js';
import { createApprovalService, type ApprovalService } from './approval-service.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { createGatewayApp, requireToken } from './gateway-app.js';
import { mcpRoutes } from './routes/mcp.js';
import { GatewayEvents } from './gateway-events.js';
import type { GatewayEnv } from './http-kit.js';
import { auditSummary } from './routes/audit.js';
import { createToken } from './tokens.js';

export interface StartGatewayOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly configPath?: string | undefined;
  /** Default: gateway.host in airlock.yaml (127.0.0.1). */
  readonly host?: string | undefined;
  /** Default: gateway.port in airlock.yaml (4477); 0 picks a free port. */
  readonly port?: number | undefined;
  /** How often pending requests are checked for expiry, ms (default 1000). */
  readonly sweepIntervalMs?: number | undefined;
  readonly version?: string | undefined;
  /** Notification backoff base, ms (tests make it small). */
  readonly notifyBaseDelayMs?: number | undefined;
}

export interface RunningGateway {
  /** Base URL it listens on, e.g. http://127.0.0.1:4477 (no trailing slash). */
  readonly url: string;
  /** Where people open the dashboard (gateway.publicUrl, else the listening URL). */
  readonly dashboardUrl: string;
  readonly runtime: Runtime;
  readonly approvals: ApprovalService;
  readonly store: GatewayStore;
  createToken(input: { name: string; role: TokenRole; approverRoles?: string[]; actsFor?: string }): Promise<string>;
  /** Waits for notifications in flight (tests). */
  drainNotifications(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Assembles and starts the gateway: the pipeline with the approval gate, the stores, the HTTP API,
 * the dashboard, notifications and the expiry sweeper. The gateway never reads its own kube
 * context or AWS profile for an agent's change: agents send theirs (`ambient`) with the change.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const events = new GatewayEvents();
  let service: ApprovalService | undefined;
  const runtime = await openRuntime({
    cwd: options.cwd,
    env: options.env,
    configPath: options.configPath,
    ambient: false,
    gate: (input) => {
      if (!service) throw new Error('the gateway is still starting');
      return service.gate(input);
    },
    onRecord: (row) => events.emit('audit', auditSummary(row)),
  });
  const closers: (() => Promise<unknown>)[] = [() => runtime.close()];
  try {
    const store = await openSqliteGatewayStore({ path: gatewayDatabasePath(options.env) });
    closers.unshift(() => store.close());
    const { config } = runtime;

    let app: Hono<GatewayEnv> | undefined;
    const server = createAdaptorServer({
      fetch: (request, env) => (app ? app.fetch(request, env) : new Response(JSON.stringify({ error: { code: 'internal', message: 'the gateway is starting' } }), { status: 503 })),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? config.gateway.port, options.host ?? config.gateway.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    closers.unshift(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Live feeds and waiting agent calls would hold the server open.
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    const dashboardUrl = config.gateway.publicUrl ?? `${url}/`;

    const notifier = createNotifier({
      config: config.notifications,
      env: options.env,
      ...(options.notifyBaseDelayMs !== undefined ? { baseDelayMs: options.notifyBaseDelayMs } : {}),
      onReport: (report) => {
        if (!report.ok) void recordFailedDelivery(runtime, report);
      },
    });
    closers.unshift(() => notifier.close());
    const { source: _source, baseDir: _baseDir, ...settings } = config;
    const configVersion = sha256Hex(canonicalJson(settings)).slice(0, 12);
    service = createApprovalService({ store, audit: runtime.audit, events, config: config.approvals, notifier, dashboardUrl, configVersion });
    const approvals = service;
    const deps = { runtime, config, store, approvals, events, dashboardUrl, version: options.version ?? '0.0.0' };
    const mcp = mcpRoutes(deps);
    closers.unshift(() => mcp.close());
    app = createGatewayApp(deps, (root) => {
      // MCP clients send the same bearer token (agent or admin) to /mcp/<server>.
      root.use('/mcp/*', requireToken(deps));
      root.route('/mcp', mcp.routes);
      root.route('/', dashboardRoutes());
    });

    const sweeper = setInterval(() => {
      approvals.expireDue().catch(() => undefined);
    }, options.sweepIntervalMs ?? 1000);
    sweeper.unref();
    closers.unshift(async () => clearInterval(sweeper));

    return {
      url,
      dashboardUrl,
      runtime,
      approvals,
      store,
      createToken: (input) => createToken(store, input),
      drainNotifications: () => notifier.drain(),
      async close() {
        for (const close of closers.splice(0)) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    throw error;
  }
}

/** A notification that could not be delivered is on the record (the decision it announced already is). */
async function recordFailedDelivery(runtime: Runtime, report: DeliveryReport): Promise<void> {
  await runtime.audit
    .record({ type: 'notification', at: new Date().toISOString(), body: { ...report } })
    .catch(() => undefined);
}
