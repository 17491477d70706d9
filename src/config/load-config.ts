import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { AirlockError } from '../errors/index.js';
import { ConfigFileSchema } from './config-schema.js';
import { defaultConfig, freezeConfig, type Config } from './config.js';

export const CONFIG_FILE_NAMES = ['airlock.yaml', 'airlock.yml'] as const;

export interface LoadConfigOptions {
  /** `--config PATH`; wins over everything. */
  readonly path?: string | undefined;
  /** Where to start looking for airlock.yaml (then its parents). */
  readonly cwd: string;
  /** Environment variables (AIRLOCK_CONFIG). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Look for airlock.yaml in `cwd` and its parents (default true). Agent hooks turn this off: the
   * agent can write files in its working tree, and must not be able to write its own rules.
   */
  readonly discover?: boolean | undefined;
  /** Used when nothing else names a config and it exists (AIRLOCK_HOME/airlock.yaml). */
  readonly fallback?: string | undefined;
}

/**
 * Finds and validates the configuration: `--config`, else `AIRLOCK_CONFIG`, else airlock.yaml in
 * the working directory or its parents (unless `discover` is off), else the fallback file, else the
 * built-in defaults. A named file that is missing, or any invalid field, is an error naming the
 * file, line and field — never a silent default.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const named = options.path ?? options.env?.['AIRLOCK_CONFIG'];
  if (named) {
    const path = resolve(options.cwd, named);
    if (!existsSync(path) || !statSync(path).isFile()) {
      const from = options.path ? '--config' : 'AIRLOCK_CONFIG';
      throw new AirlockError('config_not_found', `config file ${path} (from ${from}) does not exist`, {
        hint: options.path ? 'check the --config path' : 'check the AIRLOCK_CONFIG environment variable',
      });
    }
    return readConfigFile(path);
  }
  const found = options.discover === false ? undefined : findConfigFile(options.cwd);
  if (found) return readConfigFile(found);
  if (options.fallback && existsSync(options.fallback)) return readConfigFile(options.fallback);
  return defaultConfig(resolve(options.cwd));
}

/** airlock.yaml in `start` or the nearest parent directory that has one. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates one config file. */
export function readConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AirlockError('config_not_found', `cannot read config file ${path}`, { cause, hint: 'check its permissions' });
  }
  return parseConfigText(text, path);
}

/** Parses and validates config text; `path` names it in errors. */
export function parseConfigText(text: string, path: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    throw new AirlockError('config_invalid', `${path}${line ? `:${line}` : ''}: not valid YAML: ${firstLine(yamlError.message)}`, {
      hint: 'fix the YAML syntax at that line',
      details: { file: path, line },
    });
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(top level)';
    const line = lineOf(doc, lineCounter, issue.path);
    throw new AirlockError('config_invalid', `${path}${line ? `:${line}` : ''}: ${field}: ${describeIssue(issue)}`, {
      hint: 'see the airlock.yaml reference in README.md',
      details: { file: path, line, field },
    });
  }
  return freezeConfig(parsed.data, path, dirname(path));
}

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  // Walk up the path until a node exists (a missing required field has no node of its own).
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  return issue.message;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
