import { describe, expect, it } from 'vitest';
import { createAnalyzerRegistry } from '../analyze/registry.js';
import { createAuditLog } from '../audit/index.js';
import { defaultConfig } from '../config/index.js';
import { AirlockError } from '../errors/index.js';
import { NO_AMBIENT, type AmbientProbe } from '../intake/ambient-probe.js';
import type { ChangeRequest } from '../model/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { createPipeline } from './pipeline.js';
import { loadPolicyEngine } from './runtime.js';

const config = defaultConfig('/tmp');
const policy = loadPolicyEngine(config);
const analyzers = createAnalyzerRegistry();

async function pipelineWith(ambient: AmbientProbe = NO_AMBIENT) {
  const audit = createAuditLog(await openSqliteAuditStore({ path: ':memory:' }));
  const pipeline = createPipeline({ config, policy, audit, analyzers, ambient, pathExists: () => true, guardrails: { paths: ['/var/lib/airlock'], home: '/home/dev' } });
  return { audit, pipeline };
}

const shell = (command: string, target: ChangeRequest['target'] = {}): ChangeRequest => ({ kind: 'shell', source: 'cli', agent: 'test', payload: { command }, target });

describe('the pipeline', () => {
  it('binds the digest to the environment, however it was recognised', async () => {
    const { pipeline } = await pipelineWith();
    const dev = await pipeline.check(shell('kubectl delete ns payments', { hints: { kubeContexts: ['kind-dev'] } }));
    const prod = await pipeline.check(shell('kubectl delete ns payments', { hints: { kubeContexts: ['prod-eks'] } }));
    expect(dev.assessment.environment.name).toBe('kind-dev');
    expect(prod.assessment.environment.name).toBe('prod-eks');
    expect(dev.change.digest).not.toBe(prod.change.digest);
  });

  it('reads the kube context from the surroundings only when the command needs it', async () => {
    let asked = 0;
    const ambient: AmbientProbe = { ...NO_AMBIENT, kubeContext: () => (asked += 1, 'prod-eks') };
    const { pipeline } = await pipelineWith(ambient);
    expect((await pipeline.check(shell('ls -la'))).assessment.environment.name).toBe('unknown');
    expect(asked).toBe(0);
    expect((await pipeline.check(shell('kubectl delete ns payments'))).assessment.environment.name).toBe('prod-eks');
    expect(asked).toBe(1);
  });

  it('gives one digest for one directory, however it is spelled', async () => {
    const { pipeline } = await pipelineWith();
    const a = await pipeline.check(shell('rm -rf build', { cwd: '/srv/app/', environment: 'dev' }));
    const b = await pipeline.check(shell('rm -rf build', { cwd: '/srv/./app', environment: 'dev' }));
    const c = await pipeline.check(shell('rm -rf build', { cwd: '/srv/other', environment: 'dev' }));
    expect(a.change.digest).toBe(b.change.digest);
    expect(a.change.digest).not.toBe(c.change.digest);
  });

  it('records a decision before returning it, and records a failure as a deny before throwing', async () => {
    const { pipeline, audit } = await pipelineWith();
    const result = await pipeline.check(shell('terraform destroy -auto-approve', { environment: 'production' }));
    const [record] = await audit.list({});
    expect(record).toMatchObject({ seq: result.record.seq, decision: 'deny', digest: result.change.digest });

    await expect(pipeline.check({ kind: 'terraform', source: 'cli', agent: 'test', payload: { plan: { nope: true } } })).rejects.toThrow(AirlockError);
    const [failure] = await audit.list({});
    expect(failure).toMatchObject({ type: 'error', decision: 'deny', agent: 'test' });
    expect(await audit.verify()).toEqual({ ok: true, records: 2 });
  });

  it('rejects a request that is not a change', async () => {
    const { pipeline } = await pipelineWith();
    await expect(pipeline.check({ kind: 'shell', source: 'cli', agent: '', payload: { command: 'ls' } })).rejects.toThrow(/invalid change: agent/);
  });
});

describe('files read for a change', () => {
  // An analyzer that reads the file its payload names, as `kubectl apply -f` does.
  const reading = {
    kind: 'git' as const,
    prepare: (payload: unknown) => payload as { file: string },
    canonical: (input: { file: string }) => input,
    analyze: (input: { file: string }, context: { readFile?: ((path: string) => string | undefined) | undefined }) => {
      const text = context.readFile?.(input.file);
      return { effects: [{ operation: 'update' as const, resource: { kind: 'file', address: input.file }, reversible: true, destroysData: false, summary: `applies ${text ?? '(unreadable)'}` }], hints: {} };
    },
  };

  it('binds what was read into the digest, so an approval does not carry over to a file that changed', async () => {
    const files = new Map([['/srv/app/app.yaml', 'replicas: 3']]);
    const audit = createAuditLog(await openSqliteAuditStore({ path: ':memory:' }));
    const pipeline = createPipeline({
      config,
      policy,
      audit,
      analyzers: { get: async () => reading },
      ambient: NO_AMBIENT,
      readFile: (path) => files.get(path),
      guardrails: { paths: ['/var/lib/airlock'], home: '/home/dev' },
    });
    const request = { kind: 'git' as const, source: 'cli' as const, agent: 'test', payload: { file: '/srv/app/app.yaml' }, target: { environment: 'dev' } };
    const first = await pipeline.check(request);
    const same = await pipeline.check(request);
    files.set('/srv/app/app.yaml', 'replicas: 0');
    const changed = await pipeline.check(request);
    expect(first.assessment.effects[0]!.summary).toBe('applies replicas: 3');
    expect(same.change.digest).toBe(first.change.digest);
    expect(changed.change.digest).not.toBe(first.change.digest);
    files.delete('/srv/app/app.yaml');
    const gone = await pipeline.check(request);
    expect(gone.change.digest).not.toBe(first.change.digest);
  });
});

describe('what the audit record keeps of a payload', () => {
  it('keeps a small payload verbatim and only the size of a large one, without serialising it whole', async () => {
    const { pipeline, audit } = await pipelineWith();
    await pipeline.check(shell('git status', { environment: 'dev' }));
    const [small] = await audit.list({});
    expect(JSON.parse(small!.body).change.payload).toEqual({ command: 'git status' });
    await pipeline.check(shell(`echo ${'x'.repeat(70_000)}`, { environment: 'dev' }));
    const [large] = await audit.list({});
    const change = JSON.parse(large!.body).change;
    expect(change.payload).toBeUndefined();
    expect(change.payloadOmitted.bytesAtLeast).toBeGreaterThan(64 * 1024);
  });
});

describe('changes inside changes', () => {
  it('judges a manifest read for kubectl apply -f, and takes where it lands from the manifest itself', async () => {
    const audit = createAuditLog(await openSqliteAuditStore({ path: ':memory:' }));
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  replicas: 0\n';
    const pipeline = createPipeline({
      config,
      policy,
      audit,
      analyzers,
      ambient: NO_AMBIENT,
      readFile: (path) => (path === '/srv/app/api.yaml' ? manifest : undefined),
      guardrails: { paths: ['/var/lib/airlock'], home: '/home/dev' },
    });
    const result = await pipeline.check(shell('kubectl apply -f api.yaml --context kind-dev', { cwd: '/srv/app' }));
    expect(result.assessment.environment).toMatchObject({ name: 'prod', production: true });
    expect(result.assessment.effects.find((effect) => effect.resource.address === 'prod/deployment/api')).toMatchObject({ outage: true });
    expect(['ask', 'deny']).toContain(result.decision.decision);
  });
});
