import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import type { Analysis, AnalysisContext } from '../analyze/analyzer.js';
import type { AnalyzerRegistry } from '../analyze/registry.js';
import { assess } from '../assess/assess.js';
import { errorEntry, type AuditLog } from '../audit/index.js';
import type { Config } from '../config/index.js';
import { AirlockError, toAirlockError } from '../errors/index.js';
import type { AmbientProbe } from '../intake/ambient-probe.js';
import { createGuardrailClassifier } from '../inventory/guardrails.js';
import type { InventoryPart } from '../inventory/inventory-model.js';
import { joinInventory, partsFor } from '../inventory/join-inventory.js';
import { createResourceClassifier } from '../inventory/resource-rules.js';
import { recognizeEnvironment } from '../inventory/environment-recognizer.js';
import {
  ChangeRequestSchema,
  digestOf,
  mergeHints,
  sha256Hex,
  type Assessment,
  type AutonomyLevel,
  type Change,
  type ChangeRequest,
  type Decision,
} from '../model/index.js';
import { resolveAutonomy, type PolicyEngine } from '../policy/index.js';

export interface PipelineOptions {
  readonly config: Config;
  readonly policy: PolicyEngine;
  readonly audit: AuditLog;
  readonly analyzers: AnalyzerRegistry;
  readonly ambient: AmbientProbe;
  /** Paths of this deployment's guardrails (AIRLOCK_HOME, config, installation …) and the user's home. */
  readonly guardrails: { readonly paths: readonly string[]; readonly home: string; readonly airlockHome?: string | undefined };
  /** Whether a path exists (for overwrites); absent = assume it does (fail closed). */
  readonly pathExists?: ((path: string) => boolean) | undefined;
  /** Where a path really leads (symbolic links followed); absent = as written. */
  readonly realPath?: ((path: string) => string) | undefined;
  /** The text of a file a change names (`kubectl apply -f`); absent = analyzers cannot look. */
  readonly readFile?: ((path: string) => string | undefined) | undefined;
  readonly now?: (() => Date) | undefined;
  /**
   * A last stage between policy and the audit log (the gateway's kill switch and approvals): it
   * may turn the policy's decision into another one, and what it returns is what gets recorded.
   */
  readonly gate?: DecisionGate | undefined;
  /**
   * The inventory as it is now (cached sources and what the config declares): what exists in each
   * environment and what depends on it, joined with each change for its blast radius.
   */
  readonly inventory?: (() => readonly InventoryPart[]) | undefined;
}

/** What the gate sees: the change fully assessed and the policy's decision. */
export interface GateInput {
  readonly change: Change;
  readonly assessment: Assessment;
  readonly autonomy: AutonomyLevel;
  readonly decision: Decision;
  readonly policyVersion: string;
  readonly context: CheckContext;
}

export type DecisionGate = (input: GateInput) => Promise<Decision>;

/** Per-call context an entry point knows and the pipeline cannot find itself. */
export interface CheckContext {
  /** The agent's surroundings (kube context …) when the agent runs elsewhere, as for a gateway. */
  readonly ambient?: AmbientProbe | undefined;
  /** The human the agent acts for, from its gateway token (separation of duties). */
  readonly actsFor?: string | null | undefined;
}

/** Everything one check produced. */
export interface CheckResult {
  readonly change: Change;
  readonly assessment: Assessment;
  readonly autonomy: AutonomyLevel;
  readonly decision: Decision;
  readonly policyVersion: string;
  /** The audit record it was written to (durable before this resolves). */
  readonly record: { readonly id: string; readonly seq: number; readonly hash: string };
}

export interface Pipeline {
  /**
   * intake → analyze → decide → record. Resolves only once the decision is durable in the audit
   * log. Any failure is recorded (when the log is reachable) as an `error` record with decision
   * deny, then thrown as an AirlockError: callers turn it into a block, never an allow.
   */
  check(request: ChangeRequest, context?: CheckContext): Promise<CheckResult>;
}

/** Largest payload kept verbatim in an audit record; bigger ones are kept as their digest. */
const MAX_AUDITED_PAYLOAD = 64 * 1024;
/** Above this many effects, reads are counted rather than listed in the audit record. */
const MAX_AUDITED_EFFECTS = 50;

export function createPipeline(options: PipelineOptions): Pipeline {
  const { config, policy, audit, analyzers, ambient } = options;
  const now = options.now ?? (() => new Date());
  const classifier = createResourceClassifier(config.resources);
  const guardrails = createGuardrailClassifier(options.guardrails);

  async function decideAndRecord(request: ChangeRequest, context: CheckContext): Promise<CheckResult> {
    const parsedRequest = ChangeRequestSchema.safeParse(request);
    if (!parsedRequest.success) {
      const issue = parsedRequest.error.issues[0];
      throw new AirlockError('invalid_input', `invalid change: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
    }
    const parsed = parsedRequest.data;
    const analyzer = await analyzers.get(parsed.kind);
    const input = analyzer.prepare(parsed.payload);
    const explicitEnvironment = parsed.target.environment;
    const cwd = parsed.target.cwd === undefined ? undefined : normalizeCwd(parsed.target.cwd);

    // Files read during analysis are recorded, so the digest binds what they said.
    const read = new Map<string, string>();
    const readFile = options.readFile
      ? (path: string) => {
          const text = options.readFile!(path);
          if (text !== undefined) read.set(path, sha256Hex(text));
          return text;
        }
      : undefined;
    const analysisContext: AnalysisContext = { cwd, pathExists: options.pathExists, realPath: options.realPath, readFile, mcpTools: config.mcp.tools };
    const analysis = await withEmbedded(analyzer.analyze(input, analysisContext), analysisContext);
    const analysed = analysis.effects.map((effect) => guardrails.classifyEffect(classifier.classifyEffect(effect)));

    const ambientHints = explicitEnvironment ? {} : gatherAmbient(context.ambient ?? ambient, analysis.needs, cwd);
    const hints = mergeHints(parsed.target.hints, analysis.hints, ambientHints, cwd ? { paths: [cwd] } : undefined);
    const environment = recognizeEnvironment(config, { explicit: explicitEnvironment, hints });
    // What exists there and depends on what: known only once the environment is.
    const joined = joinInventory(analysed, analysis.graph, partsFor(options.inventory?.() ?? [], environment.name));
    const effects = joined.effects.map((effect) => classifier.classifyEffect(effect));
    const graph = classifier.classifyGraph(joined.graph);

    // The digest binds what would happen *where*: the recognised environment is part of it, so an
    // approval for `kubectl delete ns x` in dev can never match the same command in production.
    const change: Change = {
      ...parsed,
      target: { ...parsed.target, ...(cwd === undefined ? {} : { cwd }) },
      id: randomUUID(),
      digest: digestOf({
        kind: parsed.kind,
        payload: analyzer.canonical(input),
        cwd,
        environment: environment.name,
        ...(read.size > 0 ? { read: Object.fromEntries([...read].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
      }),
      receivedAt: now().toISOString(),
    };
    const autonomy = resolveAutonomy(config, parsed.agent, environment.name, parsed.autonomy);
    const assessment = assess(effects, graph, environment, {
      wholeEnvironmentThreshold: config.thresholds.wholeEnvironment,
      smallChange: config.thresholds.smallChange,
    });

    const verdicts = policy.evaluate({ agent: parsed.agent, digest: change.digest, kind: parsed.kind, source: parsed.source, autonomy, assessment });
    const mode = config.mode;
    const policyDecision: Decision = {
      ...verdicts.enforced,
      mode,
      enforced: mode === 'shadow' ? 'allow' : verdicts.enforced.decision,
      ...(verdicts.shadow ? { shadow: verdicts.shadow } : {}),
    };
    const decision = options.gate ? await options.gate({ change, assessment, autonomy, decision: policyDecision, policyVersion: policy.version, context }) : policyDecision;
    const wouldBlock =
      (mode === 'shadow' && decision.decision !== 'allow') || (decision.enforced === 'allow' && verdicts.shadow !== undefined && verdicts.shadow.decision !== 'allow');

    const row = await audit.record({
      type: 'decision',
      at: change.receivedAt,
      agent: change.agent,
      source: change.source,
      kind: change.kind,
      environment: environment.name,
      digest: change.digest,
      decision: decision.decision,
      enforced: decision.enforced,
      mode,
      wouldBlock,
      severity: assessment.severity,
      body: {
        change: auditedChange(change),
        autonomy,
        assessment: auditedAssessment(assessment),
        decision,
        policyVersion: policy.version,
      },
    });
    return { change, assessment, autonomy, decision, policyVersion: policy.version, record: { id: row.id, seq: row.seq, hash: row.hash } };
  }

  /**
   * Replaces each embedded placeholder (`psql -c …`, `kubectl apply -f app.yaml`) with its own
   * kind's analysis, when that works: its effects, and the environment clues and dependencies it
   * found (a manifest's `metadata.namespace: prod` says where the change lands).
   */
  async function withEmbedded(analysis: Analysis, context: AnalysisContext): Promise<Analysis> {
    if (!analysis.embedded?.length) return analysis;
    const effects = [...analysis.effects];
    let hints = analysis.hints;
    let needs = analysis.needs;
    const graphs = analysis.graph ? [analysis.graph] : [];
    for (const embedded of analysis.embedded) {
      const at = effects.indexOf(embedded.placeholder);
      if (at < 0) continue;
      try {
        const inner = await analyzers.get(embedded.kind);
        const found = inner.analyze(inner.prepare(embedded.payload), context);
        const via = embedded.placeholder.evidence ? ` (through \`${embedded.placeholder.evidence.slice(0, 80)}\`)` : '';
        effects.splice(at, 1, ...found.effects.map((effect) => ({ ...effect, summary: `${effect.summary}${via}`, evidence: effect.evidence ?? embedded.placeholder.evidence })));
        hints = mergeHints(hints, found.hints);
        if (found.needs) needs = { ...needs, ...found.needs };
        if (found.graph) graphs.push(found.graph);
      } catch {
        // The placeholder (unknown) stays: fail closed.
      }
    }
    const graph = graphs.length === 0 ? undefined : { nodes: graphs.flatMap((g) => g.nodes), edges: graphs.flatMap((g) => g.edges) };
    return { ...analysis, effects, hints, needs, graph };
  }

  function gatherAmbient(
    ambient: AmbientProbe,
    needs: { kubeContext?: boolean; awsProfile?: boolean; terraformWorkspace?: boolean } | undefined,
    cwd: string | undefined,
  ) {
    const kube = needs?.kubeContext ? ambient.kubeContext() : undefined;
    const profile = needs?.awsProfile ? ambient.awsProfile() : undefined;
    const workspace = needs?.terraformWorkspace ? ambient.terraformWorkspace(cwd) : undefined;
    return {
      kubeContexts: kube ? [kube] : [],
      awsProfiles: profile ? [profile] : [],
      terraformWorkspaces: workspace ? [workspace] : [],
    };
  }

  return {
    async check(request, context = {}) {
      try {
        return await decideAndRecord(request, context);
      } catch (thrown) {
        const error = toAirlockError(thrown);
        await recordFailure(audit, request, error, now()).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** `/srv/app/` and `/srv/./app` are the same directory, and so the same digest. */
function normalizeCwd(cwd: string): string {
  const normalized = posix.normalize(cwd);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/** Best effort: a check that failed is still on the record, as a deny. */
async function recordFailure(audit: AuditLog, request: ChangeRequest, error: AirlockError, at: Date): Promise<void> {
  // When the audit log itself is what failed there is nowhere to record it; any other store (the
  // gateway's) failing is recorded like every other failure.
  if (error.code === 'store_unavailable' && error.details?.['store'] !== 'gateway') return;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  await audit.record(
    errorEntry({ at: at.toISOString(), agent: text(request?.agent), source: text(request?.source), kind: text(request?.kind), error: error.toJSON(), input: request }),
  );
}

function auditedChange(change: Change): Record<string, unknown> {
  const { payload, ...rest } = change;
  // Measured by walking, not by serialising: a 50,000-resource plan is ~170 MB of JSON, and
  // stringifying it only to learn that it is too big to keep cost more than analysing it.
  const size = jsonSizeUpTo(payload, MAX_AUDITED_PAYLOAD);
  return size <= MAX_AUDITED_PAYLOAD ? { ...rest, payload } : { ...rest, payloadOmitted: { bytesAtLeast: size } };
}

/** The JSON size of a value, roughly (strings counted by length), stopping once it passes `limit`. */
function jsonSizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += String(item).length;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const child of item) stack.push(child);
    } else {
      for (const [key, child] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(child);
      }
      size += 2;
    }
  }
  return size;
}

function auditedAssessment(assessment: Assessment): Record<string, unknown> {
  if (assessment.effects.length <= MAX_AUDITED_EFFECTS) return assessment;
  const writes = assessment.effects.filter((e) => e.operation !== 'read');
  return { ...assessment, effects: writes, readEffects: assessment.effects.length - writes.length };
}
