import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../../src/gateway/start-gateway.js';

/** A production environment where deleting a Deployment asks one person and `rm -rf` of data asks two. */
export const PROD_CONFIG = `
environments:
  prod:
    production: true
approvals:
  expiry: 30m
  waitTimeout: 20s
`;

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly home: string;
  readonly root: string;
  /** admin, alice and bob (approvers), dana (approver with role dba), deploy-bot (agent acting for bob). */
  readonly tokens: Record<'admin' | 'alice' | 'bob' | 'dana' | 'agent', string>;
  api<T = any>(token: string | undefined, method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** A real gateway on a free loopback port, with its own AIRLOCK_HOME and config. */
export async function startTestGateway(config = PROD_CONFIG, options: Partial<StartGatewayOptions> = {}, files: Record<string, string> = {}): Promise<TestGateway> {
  const root = mkdtempSync(join(tmpdir(), 'airlock-gw-'));
  const home = join(root, 'home');
  const configPath = join(root, 'airlock.yaml');
  writeFileSync(configPath, config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const { env, ...rest } = options;
  const gateway = await startGateway({ cwd: root, configPath, port: 0, notifyBaseDelayMs: 5, ...rest, env: { AIRLOCK_HOME: home, HOME: root, ...env } });
  const tokens = {
    admin: await gateway.createToken({ name: 'root', role: 'admin' }),
    alice: await gateway.createToken({ name: 'alice', role: 'approver' }),
    bob: await gateway.createToken({ name: 'bob', role: 'approver' }),
    dana: await gateway.createToken({ name: 'dana', role: 'approver', approverRoles: ['dba'] }),
    agent: await gateway.createToken({ name: 'deploy-bot', role: 'agent', actsFor: 'bob' }),
  };
  return {
    gateway,
    home,
    root,
    tokens,
    async api(token, method, path, body, raw) {
      const response = await fetch(`${gateway.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await gateway.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A shell change as an agent submits it. */
export function shellChange(command: string, environment = 'prod', extra: Record<string, unknown> = {}) {
  return { change: { kind: 'shell', payload: { command }, target: { environment } }, wait: 0, ...extra };
}
