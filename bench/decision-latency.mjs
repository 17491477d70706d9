// In-process decision latency: one Change through analyze → assess → Cedar policy → audit append,
// for a shell command and for a 1,000-resource Terraform plan. Each figure is a ratio against a
// baseline measured in the same run, interleaved with it, so machine noise cancels out.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBigPlan } from '../test/fixtures/terraform/make-big-plan.mjs';
import { compare } from './stats.mjs';

const dist = new URL('../dist/', import.meta.url);
const { createPipeline } = await import(new URL('pipeline/index.js', dist));
const { createAnalyzerRegistry } = await import(new URL('analyze/registry.js', dist));
const { createAuditLog } = await import(new URL('audit/index.js', dist));
const { defaultConfig, loadPolicySources, readSchema } = await import(new URL('config/index.js', dist));
const { NO_AMBIENT } = await import(new URL('intake/ambient-probe.js', dist));
const { createPolicyEngine } = await import(new URL('policy/index.js', dist));
const { openSqliteAuditStore } = await import(new URL('store/index.js', dist));

const config = defaultConfig(process.cwd());
const policy = createPolicyEngine({ schema: readSchema(), sources: loadPolicySources(config) });
const analyzers = createAnalyzerRegistry();

async function pipelineWith(path) {
  const audit = createAuditLog(await openSqliteAuditStore({ path }));
  return { audit, pipeline: createPipeline({ config, policy, audit, analyzers, ambient: NO_AMBIENT, pathExists: () => true, guardrails: { paths: ['/var/lib/airlock'], home: '/home/bench' } }) };
}

const sha = (text) => createHash('sha256').update(text).digest('hex');

export async function run({ quick = false } = {}) {
  const results = [];
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-'));
  const memory = await pipelineWith(':memory:');
  const durable = await pipelineWith(join(dir, 'audit.db'));

  const shell = (command, environment) => ({ kind: 'shell', source: 'cli', agent: 'bench', payload: { command }, target: { cwd: '/srv/app', environment } });
  // Baseline for a shell check: serialising and hashing the request — the least any gateway must do to identify a change.
  const shellBaseline = (request) => () => sha(JSON.stringify(request));

  for (const [name, request] of [
    ['shell: git status (allow)', shell('git status', 'production')],
    ['shell: terraform destroy -auto-approve (deny)', shell('terraform destroy -auto-approve', 'production')],
  ]) {
    const r = await compare({ target: () => memory.pipeline.check(request), baseline: shellBaseline(request), iterations: quick ? 300 : 3000, warmup: 200 });
    results.push({ name, baselineName: 'JSON.stringify + SHA-256 of the request', audit: 'SQLite in memory', ...r });
  }

  {
    const request = shell('git status', 'production');
    const r = await compare({ target: () => durable.pipeline.check(request), baseline: shellBaseline(request), iterations: quick ? 100 : 600, warmup: 20 });
    results.push({ name: 'shell: git status, durable audit (fsync)', baselineName: 'JSON.stringify + SHA-256 of the request', audit: 'SQLite file, synchronous=FULL', ...r });
  }

  {
    const planText = JSON.stringify(makeBigPlan(1000));
    const target = () => memory.pipeline.check({ kind: 'terraform', source: 'cli', agent: 'bench', payload: { plan: JSON.parse(planText) }, target: { environment: 'production' } });
    const r = await compare({ target, baseline: () => JSON.parse(planText), iterations: quick ? 10 : 60, warmup: 3 });
    results.push({ name: 'terraform: 1,000-resource plan', baselineName: 'JSON.parse of the plan text', audit: 'SQLite in memory', planBytes: planText.length, ...r });
  }

  await memory.audit.close();
  await durable.audit.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}
