import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/run-airlock.js';

/**
 * ARCHITECTURE.md: analyzers, assessment, inventory and policy (and the approval rules) are pure functions of their input —
 * no I/O, no environment, no clock — so decisions can be replayed from the audit log. This test is
 * the lint rule that holds that line.
 */
const PURE_STAGES = ['src/model', 'src/analyze', 'src/assess', 'src/inventory', 'src/policy', 'src/approvals'];
const FORBIDDEN_MODULES = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:os', 'node:readline', 'better-sqlite3', 'kysely'];
const FORBIDDEN_STAGES = ['store', 'audit', 'intake', 'pipeline', 'cli', 'hook-client', 'scenario'];

function sourcesIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesIn(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.includes('test-kit')) out.push(path);
  }
  return out;
}

/** Value imports (not `import type`) with their module specifiers. */
function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(?!type\s)[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
    specifiers.push(match[2] ?? match[3] ?? '');
  }
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) specifiers.push(match[1] ?? '');
  return specifiers;
}

describe('pure stages stay pure', () => {
  const files = PURE_STAGES.flatMap((stage) => sourcesIn(join(REPO, stage)));

  it('finds the stage sources', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const file of files) {
    const name = relative(REPO, file);
    it(name, () => {
      const source = readFileSync(file, 'utf8');
      const imports = valueImports(source);
      expect(imports.filter((spec) => FORBIDDEN_MODULES.includes(spec)), 'I/O modules').toEqual([]);
      expect(
        imports.filter((spec) => spec.startsWith('.') && FORBIDDEN_STAGES.some((stage) => spec.split('/').includes(stage))),
        'imports of I/O stages',
      ).toEqual([]);
      const code = source.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(code, 'reads the environment').not.toMatch(/\bprocess\.env\b/);
      expect(code, 'reads the clock').not.toMatch(/\bDate\.now\(|\bnew Date\(\s*\)/);
    });
  }
});
