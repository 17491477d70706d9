import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/index.js';
import { loadConfig, parseConfigText } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(text: string): AirlockError {
  try {
    parseConfigText(text, 'airlock.yaml');
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error('config was accepted');
}

describe('airlock.yaml', () => {
  it('parses a full config and fills defaults', () => {
    const config = parseConfigText(
      `
version: 1
environments:
  production:
    criticality: critical
    match:
      kubeContexts: ["*prod*"]
      tags: { Environment: [prod, production] }
agents:
  claude-code:
    autonomy: { default: guarded, production: supervised }
`,
      '/x/airlock.yaml',
    );
    expect(config.mode).toBe('enforce');
    expect(config.defaults.autonomy).toBe('guarded');
    expect(config.environments['production']?.match.kubeContexts).toEqual(['*prod*']);
    expect(config.environments['production']?.match.awsProfiles).toEqual([]);
    expect(config.thresholds).toEqual({ wholeEnvironment: 0.5, smallChange: 5 });
    expect(config.baseDir).toBe('/x');
    expect(Object.isFrozen(config.environments)).toBe(true);
  });

  it('names the field and line of an invalid value', () => {
    const error = configError('environments:\n  production:\n    criticality: extreme\n');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('airlock.yaml:3: environments.production.criticality: must be one of low, medium, high, critical');
  });

  it('names an unknown field (a typo) with its line', () => {
    const error = configError('defaults:\n  autonomy: guarded\nenvironmnets:\n  prod: {}\n');
    expect(error.message).toMatch(/^airlock\.yaml:1: \(top level\): unknown field "environmnets"/);
  });

  it('names an unknown autonomy level for an agent', () => {
    const error = configError('agents:\n  codex:\n    autonomy: yolo\n');
    expect(error.message).toMatch(/^airlock\.yaml:3: agents\.codex\.autonomy/);
  });

  it('reports YAML syntax errors with the line', () => {
    const error = configError('environments:\n  production: [\n');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(/^airlock\.yaml:\d+: not valid YAML/);
  });

  it('rejects a duplicate key instead of silently taking one', () => {
    expect(configError('mode: enforce\nmode: shadow\n').code).toBe('config_invalid');
  });

  it('is found in a parent directory', () => {
    mkdirSync(join(dir, 'repo', 'deep', 'er'), { recursive: true });
    writeFileSync(join(dir, 'repo', 'airlock.yaml'), 'mode: shadow\n');
    const config = loadConfig({ cwd: join(dir, 'repo', 'deep', 'er') });
    expect(config.mode).toBe('shadow');
    expect(config.source).toBe(join(dir, 'repo', 'airlock.yaml'));
  });

  it('honours AIRLOCK_CONFIG, and --config over it', () => {
    writeFileSync(join(dir, 'a.yaml'), 'defaults: { autonomy: observe }\n');
    writeFileSync(join(dir, 'b.yaml'), 'defaults: { autonomy: autonomous }\n');
    expect(loadConfig({ cwd: dir, env: { AIRLOCK_CONFIG: join(dir, 'a.yaml') } }).defaults.autonomy).toBe('observe');
    expect(loadConfig({ cwd: dir, path: 'b.yaml', env: { AIRLOCK_CONFIG: join(dir, 'a.yaml') } }).defaults.autonomy).toBe('autonomous');
  });

  it('fails (never defaults) when a named config file is missing', () => {
    expect(() => loadConfig({ cwd: dir, path: 'missing.yaml' })).toThrow(/does not exist/);
    expect(() => loadConfig({ cwd: dir, env: { AIRLOCK_CONFIG: '/nope/airlock.yaml' } })).toThrow(/AIRLOCK_CONFIG/);
  });

  it('uses built-in defaults when there is no config anywhere', () => {
    const empty = mkdtempSync(join(tmpdir(), 'airlock-noconfig-'));
    const config = loadConfig({ cwd: empty });
    expect(config.source === null || !config.source.startsWith(empty)).toBe(true);
    rmSync(empty, { recursive: true });
  });
});
