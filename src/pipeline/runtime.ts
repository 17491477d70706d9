import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnalyzerRegistry } from '../analyze/registry.js';
import { createAuditLog, type AuditLog } from '../audit/index.js';
import { loadConfig, loadPolicySources, readSchema, type Config } from '../config/index.js';
import { createAmbientProbe, NO_AMBIENT, type AmbientProbe } from '../intake/ambient-probe.js';
import { createPolicyEngine, type PolicyEngine } from '../policy/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { createPipeline, type Pipeline } from './pipeline.js';

/** Where Airlock keeps its data: AIRLOCK_HOME, else ~/.airlock. */
export function airlockHome(env: Readonly<Record<string, string | undefined>>): string {
  return env['AIRLOCK_HOME'] ? resolve(env['AIRLOCK_HOME']) : join(homedir(), '.airlock');
}

export function auditDatabasePath(env: Readonly<Record<string, string | undefined>>): string {
  return join(airlockHome(env), 'audit.db');
}

export interface RuntimeOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --config */
  readonly configPath?: string | undefined;
  /** Read the kube context, AWS profile and Terraform workspace from the surroundings (default true). */
  readonly ambient?: boolean | undefined;
}

/** Config, policy, audit log and pipeline, wired. The one place a process assembles them. */
export interface Runtime {
  readonly config: Config;
  readonly policy: PolicyEngine;
  readonly audit: AuditLog;
  readonly pipeline: Pipeline;
  close(): Promise<void>;
}

/** The policy engine a config asks for: the default pack and the user's files, minus policies.disable. */
export function loadPolicyEngine(config: Config): PolicyEngine {
  return createPolicyEngine({ schema: readSchema(), sources: loadPolicySources(config), disable: config.policies.disable });
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = loadConfig({ path: options.configPath, cwd: options.cwd, env: options.env });
  const policy = loadPolicyEngine(config);
  const store = await openSqliteAuditStore({ path: auditDatabasePath(options.env) });
  const audit = createAuditLog(store);
  const ambient: AmbientProbe = options.ambient === false ? NO_AMBIENT : createAmbientProbe(options.env);
  const pipeline = createPipeline({ config, policy, audit, analyzers: createAnalyzerRegistry(), ambient, pathExists: existsSync });
  return { config, policy, audit, pipeline, close: () => audit.close() };
}
