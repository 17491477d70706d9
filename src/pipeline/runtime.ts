import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createAnalyzerRegistry } from '../analyze/registry.js';
import { createAuditLog, type AuditLog } from '../audit/index.js';
import { loadConfig, loadPolicySources, PACKAGE_POLICY_DIR, readSchema, type Config } from '../config/index.js';
import { createAmbientProbe, NO_AMBIENT, type AmbientProbe } from '../intake/ambient-probe.js';
import { createPolicyEngine, type PolicyEngine } from '../policy/index.js';
import { openSqliteAuditStore, type AuditRow } from '../store/index.js';
import { declaredParts } from '../inventory/declared-services.js';
import { createInventoryReader, inventoryCachePath } from '../store/inventory-cache.js';
import type { InventoryPart } from '../inventory/inventory-model.js';
import { createPipeline, type DecisionGate, type Pipeline } from './pipeline.js';

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
  /**
   * Look for airlock.yaml in the working directory and its parents (default true). Hooks pass false:
   * that directory is the agent's to write. Either way AIRLOCK_HOME/airlock.yaml is the fallback.
   */
  readonly discoverConfig?: boolean | undefined;
  /** Read the kube context, AWS profile and Terraform workspace from the surroundings (default true). */
  readonly ambient?: boolean | undefined;
  /** The gateway's last stage (kill switch, approvals); see PipelineOptions.gate. */
  readonly gate?: DecisionGate | undefined;
  /** Told of every audit record once it is durable (the gateway's live feed). */
  readonly onRecord?: ((row: AuditRow) => void) | undefined;
}

/** Config, policy, audit log and pipeline, wired. The one place a process assembles them. */
export interface Runtime {
  readonly config: Config;
  readonly policy: PolicyEngine;
  readonly audit: AuditLog;
  readonly pipeline: Pipeline;
  close(): Promise<void>;
}

/**
 * This deployment's guardrails, as absolute paths: the data directory (audit log), the config file
 * and policy files in use, Airlock's installation, and the agents' hook settings in the user's
 * home. Writes to any of them are refused (policy `guardrails-are-not-the-agents`).
 */
export function guardrailsOf(config: Config, env: Readonly<Record<string, string | undefined>>): { paths: string[]; home: string; airlockHome: string } {
  const home = env['HOME'] || homedir();
  const policyPaths = [...config.policies.files, ...config.policies.shadow].map((entry) => resolve(config.baseDir, entry));
  return {
    home,
    airlockHome: airlockHome(env),
    paths: [
      airlockHome(env),
      ...(config.source ? [config.source] : []),
      ...policyPaths,
      // What the blast radius is computed from: an agent emptying it would make its changes look small.
      inventoryCachePath(config, airlockHome(env)),
      resolve(PACKAGE_POLICY_DIR, '..'),
      join(home, '.claude'),
      join(home, '.codex'),
      join(home, '.gemini'),
      join(home, '.cursor'),
      join(home, '.kiro'),
    ],
  };
}

/** The policy engine a config asks for: the default pack and the user's files, minus policies.disable. */
export function loadPolicyEngine(config: Config): PolicyEngine {
  return createPolicyEngine({ schema: readSchema(), sources: loadPolicySources(config), disable: config.policies.disable });
}

/** Largest file an analyzer may read for a change (a manifest set); larger is "unreadable". */
const MAX_READ_BYTES = 8 * 1024 * 1024;

/** A regular file's text, or undefined when it is missing, too large or not a file. */
function readSmallTextFile(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_READ_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The cached inventory (re-read when a refresh rewrites it) plus the services the config declares. */
function inventoryOf(config: Config, env: Readonly<Record<string, string | undefined>>): () => readonly InventoryPart[] {
  const declared = declaredParts(config.inventory.services, new Date().toISOString());
  const cached = createInventoryReader(inventoryCachePath(config, airlockHome(env)));
  return () => [...(cached()?.parts ?? []), ...declared];
}

/** The config every command uses: --config, AIRLOCK_CONFIG, airlock.yaml found upward (unless off), AIRLOCK_HOME/airlock.yaml, defaults. */
export function loadAirlockConfig(options: Pick<RuntimeOptions, 'cwd' | 'env' | 'configPath' | 'discoverConfig'>): Config {
  return loadConfig({
    path: options.configPath,
    cwd: options.cwd,
    env: options.env,
    discover: options.discoverConfig,
    fallback: join(airlockHome(options.env), 'airlock.yaml'),
  });
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = loadAirlockConfig(options);
  const policy = loadPolicyEngine(config);
  const store = await openSqliteAuditStore({ path: auditDatabasePath(options.env) });
  const audit = observed(createAuditLog(store), options.onRecord);
  const ambient: AmbientProbe = options.ambient === false ? NO_AMBIENT : createAmbientProbe(options.env);
  const pipeline = createPipeline({
    config,
    policy,
    audit,
    analyzers: createAnalyzerRegistry(),
    ambient,
    pathExists: existsSync,
    realPath: realPathThroughLinks,
    readFile: readSmallTextFile,
    guardrails: guardrailsOf(config, options.env),
    gate: options.gate,
    inventory: inventoryOf(config, options.env),
  });
  return { config, policy, audit, pipeline, close: () => audit.close() };
}

/** The log, telling `onRecord` of each record after it is durable. A listener's failure is not the log's. */
function observed(log: AuditLog, onRecord: ((row: AuditRow) => void) | undefined): AuditLog {
  if (!onRecord) return log;
  return {
    ...log,
    async record(entry) {
      const row = await log.record(entry);
      try {
        onRecord(row);
      } catch {
        // The record is durable; a broken live feed must not turn it into a failed decision.
      }
      return row;
    },
  };
}

/**
 * Where a path really leads: the longest part of it that exists, with symbolic links resolved,
 * plus the rest as written (a file about to be created under a linked directory lands where the
 * link points). Unreadable → the path as written.
 */
export function realPathThroughLinks(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (let depth = 0; depth < 256; depth += 1) {
    try {
      const real = realpathSync(current);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(basename(current));
      current = parent;
    }
  }
  return path;
}
