import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config, InventorySourceConfig } from '../config/index.js';
import { AirlockError, toAirlockError } from '../errors/index.js';
import type { InventoryPart, InventorySnapshot, SourceGraph } from '../inventory/inventory-model.js';

/** Largest JSON a file or command may give a source (a big cluster's `kubectl get -A -o json`). */
const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

export interface RefreshOptions {
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The cache as it is: a source that fails keeps its previous part (marked with the error). */
  readonly previous?: InventorySnapshot | undefined;
  /** Refresh only these sources; the others are kept as cached. */
  readonly only?: readonly string[] | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface SourceOutcome {
  readonly source: string;
  readonly type: string;
  readonly ok: boolean;
  readonly nodes: number;
  readonly edges: number;
  readonly ms: number;
  readonly error?: string | undefined;
}

export interface RefreshResult {
  readonly snapshot: InventorySnapshot;
  readonly outcomes: SourceOutcome[];
}

/**
 * Reads every configured source again, one after another (a refresh is rare and each source is
 * a real system: there is no hurry worth loading a production database for). One source failing
 * does not lose the others, nor its own last good reading.
 */
export async function refreshInventory(options: RefreshOptions): Promise<RefreshResult> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const names = Object.keys(config.inventory.sources);
  for (const name of options.only ?? []) {
    if (!names.includes(name)) {
      throw new AirlockError('invalid_input', `no inventory source named ${name}`, { hint: names.length ? `configured sources: ${names.join(', ')}` : 'add sources under inventory.sources in airlock.yaml' });
    }
  }
  const previous = new Map((options.previous?.parts ?? []).map((part) => [part.source, part]));
  const parts: InventoryPart[] = [];
  const outcomes: SourceOutcome[] = [];
  for (const [name, source] of Object.entries(config.inventory.sources)) {
    const kept = previous.get(name);
    if (options.only && !options.only.includes(name)) {
      if (kept) parts.push(kept);
      continue;
    }
    const started = performance.now();
    try {
      const graph = await readSource(source, config, options.env, config.inventory.timeout * 1000);
      parts.push({
        source: name,
        type: source.type,
        environment: source.environment ?? null,
        refreshedAt: now().toISOString(),
        nodes: graph.nodes,
        edges: graph.edges,
        ...(graph.searchPath ? { searchPath: graph.searchPath } : {}),
        ...(graph.database ? { database: graph.database } : {}),
      });
      outcomes.push({ source: name, type: source.type, ok: true, nodes: graph.nodes.length, edges: graph.edges.length, ms: performance.now() - started });
    } catch (thrown) {
      const error = toAirlockError(thrown);
      const message = error.message;
      if (kept) parts.push({ ...kept, error: message });
      else parts.push({ source: name, type: source.type, environment: source.environment ?? null, refreshedAt: now().toISOString(), nodes: [], edges: [], error: message });
      outcomes.push({ source: name, type: source.type, ok: false, nodes: kept?.nodes.length ?? 0, edges: kept?.edges.length ?? 0, ms: performance.now() - started, error: message });
    }
  }
  return { snapshot: { version: 1, refreshedAt: now().toISOString(), parts }, outcomes };
}

async function readSource(source: InventorySourceConfig, config: Config, env: RefreshOptions['env'], timeoutMs: number): Promise<SourceGraph> {
  switch (source.type) {
    case 'postgres':
      return readPostgres(source, env, timeoutMs);
    case 'kubernetes': {
      const { kubernetesSnapshotGraph } = await import('../inventory/sources/kubernetes-snapshot.js');
      return kubernetesSnapshotGraph(await readJson(source, config, timeoutMs));
    }
    case 'terraform': {
      const { terraformStateGraph } = await import('../inventory/sources/terraform-state.js');
      return terraformStateGraph(await readJson(source, config, timeoutMs));
    }
    case 'cloudformation': {
      const { cloudformationStackGraph } = await import('../inventory/sources/cloudformation-stack.js');
      // The template may be JSON or YAML (with !Ref short forms): the parser reads both from text.
      const template = source.template ? await readText({ file: source.template }, config, timeoutMs) : undefined;
      return cloudformationStackGraph(await readJson(source, config, timeoutMs), {
        ...(template === undefined ? {} : { template: template.text }),
        ...(source.stackName ? { stackName: source.stackName } : {}),
      });
    }
  }
}

async function readPostgres(source: Extract<InventorySourceConfig, { type: 'postgres' }>, env: RefreshOptions['env'], timeoutMs: number): Promise<SourceGraph> {
  const url = source.url ?? env[source.urlEnv ?? ''];
  if (!url) throw new AirlockError('config_invalid', `environment variable ${source.urlEnv} (inventory source urlEnv) is not set`, { hint: 'export it with the connection string, or use `url`' });
  const [{ default: pg }, { readPostgresCatalog, catalogGraph }] = await Promise.all([import('pg'), import('../inventory/sources/postgres-catalog.js')]);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, application_name: 'airlock inventory' });
  try {
    await client.connect();
  } catch (cause) {
    throw new AirlockError('config_invalid', `cannot connect to PostgreSQL (${redact(url)}): ${(cause as Error).message}`, { cause, hint: 'check the url and that the database accepts this user' });
  }
  try {
    return catalogGraph(await readPostgresCatalog(client, { schemas: source.schemas }));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A connection string without its password, for messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

async function readJson(source: { file?: string | undefined; command?: string[] | undefined }, config: Config, timeoutMs: number): Promise<unknown> {
  const { text, what } = await readText(source, config, timeoutMs);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AirlockError('invalid_input', `${what} did not give JSON: ${(cause as Error).message}`, { cause, hint: 'a source gives the JSON output (`-o json`, `show -json`)' });
  }
}

async function readText(source: { file?: string | undefined; command?: string[] | undefined }, config: Config, timeoutMs: number): Promise<{ text: string; what: string }> {
  let text: string;
  let what: string;
  if (source.file) {
    const path = resolve(config.baseDir, source.file);
    what = path;
    try {
      if ((await stat(path)).size > MAX_SOURCE_BYTES) throw new AirlockError('input_too_large', `${path} is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`);
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if (cause instanceof AirlockError) throw cause;
      throw new AirlockError('config_invalid', `cannot read ${path}: ${(cause as Error).message}`, { cause, hint: 'check the inventory source `file` (relative to airlock.yaml)' });
    }
  } else {
    const [program, ...args] = source.command!;
    what = `\`${source.command!.join(' ')}\``;
    text = await new Promise<string>((done, fail) => {
      execFile(program!, args, { cwd: config.baseDir, timeout: timeoutMs, maxBuffer: MAX_SOURCE_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) {
          const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
          fail(new AirlockError('config_invalid', `${what} failed: ${detail}`, { cause: error, hint: 'run the command yourself to see why' }));
        } else done(stdout);
      });
    });
  }
  return { text, what };
}
