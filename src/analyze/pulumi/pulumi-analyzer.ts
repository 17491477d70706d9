import { AirlockError } from '../../errors/index.js';
import { distinctTags, type Effect, type EnvironmentHints, type Operation, type Resource } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';
import { buildPreviewGraph, tagsOfStep, typeOfStep } from './preview-graph.js';
import { PulumiPreviewSchema, type PreviewStep, type PulumiPreview, type ResourceState } from './preview-schema.js';
import { isCustomerFacingToken, isDataBearingToken } from './resource-types.js';
import { addressOf, isRootStack, parseUrn } from './urn.js';

/** A preview as text above this is refused (the CLI's own default for plans). */
export const MAX_PREVIEW_CHARS = 32 * 1024 * 1024;
/** More steps than any real stack has; a bound on the work one payload can cause. */
export const MAX_STEPS = 200_000;

const PREVIEW_HINT = 'pass the JSON document `pulumi preview --json` prints on stdout (or `pulumi destroy --preview-only --json`)';

/** Config keys (the part after `project:`) whose string value names the environment. */
const ENVIRONMENT_KEYS = new Set(['environment', 'env', 'stage', 'environmentname', 'environment_name', 'env_name', 'tier']);

/**
 * What one step operation does. Pulumi's operations (`StepOp` in pkg/resource/deploy/step.go):
 * same, create, update, delete, replace, create-replacement, delete-replaced, read,
 * read-replacement, refresh, discard, discard-replaced, remove-pending-replace, import,
 * import-replacement, diff. `forget` drops a resource from the state without deleting it.
 */
type StepKind = 'read' | 'create' | 'import' | 'update' | 'forget' | 'delete' | 'replace' | 'unknown';

const STEP_KINDS: ReadonlyMap<string, StepKind> = new Map([
  ['same', 'read'],
  ['read', 'read'],
  ['refresh', 'read'],
  ['diff', 'read'],
  ['create', 'create'],
  ['import', 'import'],
  ['update', 'update'],
  ['delete', 'delete'],
  // Discarding drops a resource from the state without deleting it: one read with .get() is not
  // Pulumi's to delete; a managed one is left running, unmanaged.
  ['discard', 'forget'],
  ['discard-replaced', 'forget'],
  // The resource is already gone (an interrupted delete-before-replace); only its record goes.
  ['remove-pending-replace', 'forget'],
  // One replacement is reported as up to three steps (create-replacement, replace,
  // delete-replaced, depending on --show-replacement-steps); a managed resource that becomes a
  // read or an import replaces the one Pulumi managed.
  ['replace', 'replace'],
  ['create-replacement', 'replace'],
  ['delete-replaced', 'replace'],
  ['read-replacement', 'replace'],
  ['import-replacement', 'replace'],
]);

/** When one resource has several steps, the most consequential decides. */
const PRECEDENCE: readonly StepKind[] = ['read', 'create', 'import', 'update', 'forget', 'delete', 'replace', 'unknown'];

/** The steps of one resource (one URN), folded together. */
interface ResourceSteps {
  readonly urn: string;
  readonly ops: string[];
  readonly kind: StepKind;
  readonly type: string;
  readonly oldState: ResourceState | undefined;
  readonly newState: ResourceState | undefined;
  readonly replaceReasons: string[];
  readonly diffReasons: string[];
  readonly tags: Record<string, string> | undefined;
  /** The steps' ops say less than a replace, but their diff or replace reasons say replace. */
  readonly relabelled: boolean;
}

/**
 * Pulumi: the JSON of `pulumi preview --json`. Steps are folded per resource (URN); create and
 * import are creates, update an in-place update, delete a delete, replace (in any of its step
 * forms, or an update whose diff forces a replacement) a replace, same/read/refresh are reads,
 * discard forgets a resource without deleting it, and an operation Airlock does not know is
 * unknown. Deleting or replacing a data-bearing type destroys data unless `retainOnDelete` keeps
 * the resource; `protect` is reported (Pulumi will refuse the delete) but not trusted to stop it.
 * Destroying the stack resource itself (`pulumi destroy`) reaches the whole environment. The
 * states' dependencies give the dependency graph; the stack and config give the environment.
 */
export const pulumiAnalyzer: Analyzer<PulumiPreview> = {
  kind: 'pulumi',

  prepare(payload) {
    const value = typeof payload === 'string' ? parseText(payload) : payload;
    refuseOtherShapes(value);
    const parsed = PulumiPreviewSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new AirlockError('invalid_input', `not a Pulumi preview in JSON form${where}: ${issue?.message ?? 'invalid'}`, { hint: PREVIEW_HINT });
    }
    const preview = parsed.data;
    // An empty object would otherwise read as "a preview that changes nothing": an allow.
    if (preview.steps == null && preview.changeSummary == null) {
      throw new AirlockError('invalid_input', 'not a Pulumi preview: it has neither steps nor a changeSummary', { hint: PREVIEW_HINT });
    }
    if ((preview.steps?.length ?? 0) > MAX_STEPS) {
      throw new AirlockError('input_too_large', `the preview lists ${preview.steps?.length} steps, more than the ${MAX_STEPS} Airlock analyses`, {
        hint: 'preview part of the stack at a time with --target, and submit each preview',
      });
    }
    return preview;
  },

  canonical(input) {
    // What the update would do, without how long the preview took. JCS (the digest) orders keys;
    // step order is the engine's and carries no meaning, so steps are sorted.
    const steps = (input.steps ?? [])
      .map((step) => ({
        op: step.op,
        urn: step.urn,
        provider: step.provider ?? null,
        type: step.type ?? null,
        oldState: canonicalState(step.oldState),
        newState: canonicalState(step.newState),
        replaceReasons: sorted(step.replaceReasons),
        diffReasons: sorted(step.diffReasons),
        detailedDiff: step.detailedDiff ?? null,
        // Only when given, so that digests of previews without it stay as they were.
        ...(step.keys?.length ? { keys: sorted(step.keys) } : {}),
      }))
      .map((step) => [`${step.urn}\u0000${step.op}\u0000${JSON.stringify(step)}`, step] as const)
      .sort(([a], [b]) => compare(a, b))
      .map(([, step]) => step);
    const errors = (input.diagnostics ?? [])
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.urn ?? ''} ${d.message ?? ''}`)
      .sort(compare);
    return {
      stack: input.stack ?? null,
      steps,
      config: input.config ?? {},
      changeSummary: input.changeSummary ?? null,
      errors,
      maybeCorrupt: input.maybeCorrupt === true,
    };
  },

  analyze(input): Analysis {
    const steps = input.steps ?? [];
    const resources = foldSteps(steps);
    const stackName = stackOf(input, steps);
    const stackDestroyed = resources.some((r) => r.kind === 'delete' && isRootStack(r.urn));
    const everythingGoes = stackDestroyed || destroysEveryExistingResource(input, resources);

    const effects = resources.map((r) => effectOf(r, stackName));
    if (everythingGoes) {
      for (const effect of effects) if (effect.operation === 'delete' || effect.operation === 'replace') effect.environmentWide = true;
    }
    effects.push(...incompleteness(input, resources, stackName));
    return { effects, graph: buildPreviewGraph(steps), hints: hintsOf(input, steps, resources) };
  },
};

// ---------------------------------------------------------------------------------------------
// Input

function parseText(text: string): unknown {
  if (text.length > MAX_PREVIEW_CHARS) {
    throw new AirlockError('input_too_large', `the preview is ${text.length} characters, more than the ${MAX_PREVIEW_CHARS} limit`, {
      hint: 'preview part of the stack at a time with --target, and submit each preview',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    // PULUMI_ENABLE_STREAMING_JSON_PREVIEW makes the CLI print one engine event per line instead.
    const streaming = /^\s*\{[^\n]*"sequence"\s*:/.test(text) && text.trim().includes('\n');
    throw new AirlockError('invalid_input', streaming ? 'this is a stream of Pulumi engine events, not a preview document' : 'the Pulumi preview is not valid JSON', {
      cause,
      hint: streaming ? 'unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW and pass the single JSON document `pulumi preview --json` prints' : `${PREVIEW_HINT}; the CLI's progress and diagnostics go to stderr and must not be mixed in`,
    });
  }
}

/** Documents that are JSON but not a preview, each with what to pass instead. */
function refuseOtherShapes(value: unknown): void {
  if (Array.isArray(value)) {
    throw new AirlockError('invalid_input', 'not a Pulumi preview: a JSON array (engine events?) instead of one preview document', {
      hint: 'unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW and pass the single JSON document `pulumi preview --json` prints',
    });
  }
  if (value && typeof value === 'object' && 'deployment' in value && !('steps' in value)) {
    throw new AirlockError('invalid_input', 'this is Pulumi state (`pulumi stack export`), not a preview: it says what exists, not what would change', {
      hint: PREVIEW_HINT,
    });
  }
}

function foldSteps(steps: readonly PreviewStep[]): ResourceSteps[] {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of steps) {
    const list = byUrn.get(step.urn);
    if (list) list.push(step);
    else byUrn.set(step.urn, [step]);
  }
  return [...byUrn].map(([urn, group]) => {
    const ops = unique(group.map((s) => s.op));
    const byOps = ops.map((op) => STEP_KINDS.get(op) ?? 'unknown').reduce((a, b) => (PRECEDENCE.indexOf(b) > PRECEDENCE.indexOf(a) ? b : a));
    const replaceReasons = unique(group.flatMap((s) => [...(s.replaceReasons ?? []), ...(s.keys ?? []), ...replacingDiffs(s)]));
    // An update (or a same) whose diff says a property forces a replacement is a replacement,
    // whatever its op says: the engine derives one from the other, so they disagree only in an
    // edited document, and then the milder must not win.
    const kind = (byOps === 'update' || (byOps === 'read' && ops.includes('same'))) && replaceReasons.length > 0 ? 'replace' : byOps;
    const withState = group.find((s) => s.newState?.type ?? s.oldState?.type) ?? group[0]!;
    return {
      urn,
      ops,
      kind,
      type: typeOfStep(withState),
      oldState: group.map((s) => s.oldState).find((s) => s != null) ?? undefined,
      newState: group.map((s) => s.newState).find((s) => s != null) ?? undefined,
      replaceReasons,
      diffReasons: unique(group.flatMap((s) => s.diffReasons ?? [])),
      tags: group.map(tagsOfStep).find((t) => t !== undefined),
      relabelled: kind !== byOps,
    };
  });
}

/** Properties the detailed diff marks as forcing a replacement (`update-replace`, `add-replace` …). */
function replacingDiffs(step: PreviewStep): string[] {
  return Object.entries(step.detailedDiff ?? {})
    .filter(([, diff]) => diff.kind.endsWith('-replace'))
    .map(([path]) => path);
}

// ---------------------------------------------------------------------------------------------
// Effects

function effectOf(r: ResourceSteps, stackName: string): Effect {
  const address = addressOf(r.urn);
  const root = isRootStack(r.urn);
  const component = !root && (r.oldState?.custom ?? r.newState?.custom) === false;
  const dataBearing = !component && isDataBearingToken(r.type);
  const customerFacing = !component && isCustomerFacingToken(r.type);
  const resource: Resource = {
    kind: `pulumi.${r.type}`,
    address,
    ...(r.tags ? { tags: r.tags } : {}),
    ...(dataBearing ? { dataBearing: true } : {}),
    ...(customerFacing ? { customerFacing: true } : {}),
  };
  const evidence = `${r.urn}: ${r.ops.join(', ')}`;
  const make = (operation: Operation, reversible: boolean, destroysData: boolean, summary: string, extra: Partial<Effect> = {}): Effect => ({
    operation,
    resource,
    reversible,
    destroysData,
    summary,
    evidence,
    ...extra,
  });
  const retained = r.oldState?.retainOnDelete === true;
  const protectedNote = r.oldState?.protect === true ? '; it is protected, so Pulumi will refuse to delete it and fail the update until `pulumi state unprotect` is run' : '';
  const grouping = ' (a component: a grouping in the program; the resources in it are listed as their own steps)';

  switch (r.kind) {
    case 'read': {
      const wasProtected = r.oldState?.protect === true;
      if (r.ops.includes('same') && r.oldState && r.newState && wasProtected !== (r.newState.protect === true)) {
        return make('update', true, false, wasProtected ? `turns deletion protection off for ${address}, so a later update may delete it` : `turns deletion protection on for ${address}`);
      }
      const op = r.ops[0];
      const summary =
        op === 'read' ? `reads the existing ${address} (.get)` : op === 'refresh' ? `refreshes Pulumi's record of ${address} from the cloud` : op === 'diff' ? `compares ${address} with the cloud` : `leaves ${address} unchanged`;
      return make('read', true, false, summary);
    }
    case 'create':
      if (root) return make('create', true, false, `creates the stack ${stackName}`);
      return make('create', true, false, `creates ${address}${component ? grouping : ''}`);
    case 'import': {
      const id = r.newState?.importID ?? r.newState?.id;
      return make('create', true, false, `adopts the existing ${r.type}${id ? ` ${id}` : ''} into the stack as ${address} (nothing is created)`);
    }
    case 'update': {
      const changes = r.diffReasons.length ? ` (${r.diffReasons.join(', ')})` : '';
      return make('update', true, false, `updates ${address} in place${changes}`);
    }
    case 'forget': {
      // A discard only drops the resource from the state. For one read with .get() that is all
      // there is to it; a managed one keeps running with nothing managing it, which no later
      // update undoes (the next one may create a second copy).
      const why = r.ops.includes('remove-pending-replace')
        ? `removes ${address} from the stack's state; an interrupted replacement already deleted it`
        : r.oldState?.external === true
          ? `stops tracking ${address}, which was read with .get() and is not this stack's to delete; nothing is deleted`
          : `stops managing ${address}: the resource keeps running, but Pulumi forgets it (it is dropped from the state, not deleted; a later update may create a second one)`;
      return make('delete', false, false, why);
    }
    case 'delete': {
      if (root) {
        return make('delete', false, true, `destroys the stack ${stackName}: every resource in it is deleted`, { environmentWide: true });
      }
      if (component) return make('delete', false, false, `removes ${address}${grouping}`);
      if (retained) return make('delete', false, false, `stops managing ${address}; its retainOnDelete keeps the resource${dataBearing ? ' and its data' : ''} in the cloud${protectedNote}`);
      return make('delete', false, dataBearing, `destroys ${address}${dataBearing ? ' — its data is lost' : ''}${protectedNote}`);
    }
    case 'replace': {
      const relabelled = r.relabelled ? ` (the step says ${r.ops.join(', ')}, but its diff says these force a replacement)` : '';
      const because = `${r.replaceReasons.length ? ` because ${r.replaceReasons.join(', ')} changed` : ''}${relabelled}`;
      if (component) return make('replace', false, false, `replaces ${address}${grouping}`);
      if (retained) {
        return make('replace', false, false, `replaces ${address} with a new${dataBearing ? ', empty' : ''} one${because}; its retainOnDelete keeps the old resource${dataBearing ? ' and its data' : ''}${protectedNote}`);
      }
      if (r.oldState?.external === true) {
        return make('replace', false, false, `puts ${address}, which was only read with .get(), under this stack's management${because}; the resource that was read is not deleted`);
      }
      return make('replace', false, dataBearing, `replaces ${address} (destroy and re-create)${because}${dataBearing ? ' — its data is lost' : ''}${protectedNote}`);
    }
    case 'unknown':
      return make('unknown', false, false, `plans ${r.ops.map((op) => `"${op}"`).join(', ')} on ${address}, which Airlock does not know`);
  }
}

/**
 * Without `--show-sames` the steps list only what changes, so "the whole stack is destroyed or
 * recreated" cannot be seen as a share of the graph; the change summary still counts the resources
 * left alone. When it counts none, and at least two existing resources go, the preview destroys
 * or recreates everything the stack has.
 */
function destroysEveryExistingResource(input: PulumiPreview, resources: readonly ResourceSteps[]): boolean {
  const summary = input.changeSummary;
  if (!summary) return false;
  const gone = resources.filter((r) => (r.kind === 'delete' || r.kind === 'replace') && !isRootStack(r.urn) && r.oldState?.retainOnDelete !== true);
  if (gone.length < 2) return false;
  const rootUnchanged = resources.some((r) => isRootStack(r.urn) && r.ops.includes('same')) ? 1 : 0;
  const kept = Math.max(0, (summary['same'] ?? 0) - rootUnchanged) + (summary['update'] ?? 0) + (summary['refresh'] ?? 0);
  return kept === 0;
}

/** Operations the change summary counts for resources that need not be listed as steps. */
const UNLISTED_OPS: ReadonlySet<string> = new Set(['same', 'read', 'refresh']);

/** The step forms of one replacement: a resource listed with any of them lists the replacement. */
const REPLACEMENT_OPS: ReadonlySet<string> = new Set(['replace', 'create-replacement', 'delete-replaced']);

/** Does this resource's steps list the operation the change summary counts under `op`? */
function listsOp(r: ResourceSteps, op: string): boolean {
  if (REPLACEMENT_OPS.has(op)) return r.ops.some((o) => REPLACEMENT_OPS.has(o));
  return r.ops.includes(op);
}

/**
 * What the preview says it could not show: errors (the preview stopped, so later steps are
 * missing), a state Pulumi calls possibly corrupt, and operations the change summary counts but the
 * steps do not list (a cut-off document). Each is an `unknown` effect: fail closed.
 */
function incompleteness(input: PulumiPreview, resources: readonly ResourceSteps[], stackName: string): Effect[] {
  const out: Effect[] = [];
  const unknownOf = (summary: string, evidence: string): Effect => ({
    operation: 'unknown',
    resource: { kind: 'pulumi.stack', address: stackName },
    reversible: false,
    destroysData: false,
    summary,
    evidence,
  });
  const errors = (input.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = (errors[0]!.message ?? '').trim().split('\n')[0]!.slice(0, 200);
    out.push(unknownOf(`the preview of ${stackName} failed (${first || 'an error'}${errors.length > 1 ? `, and ${errors.length - 1} more` : ''}); what the update would do is not fully known`, 'diagnostics: severity error'));
  }
  if (input.maybeCorrupt === true) {
    out.push(unknownOf(`Pulumi reports that the state of ${stackName} may be corrupt; what the update would do cannot be trusted`, 'maybeCorrupt: true'));
  }
  // Every operation the summary counts must be listed as steps, except the ones left alone (the
  // steps list those only with --show-sames). A count Airlock cannot match — more than listed, or
  // under a key it does not know (`Delete`, a future operation) — hides what would happen.
  for (const [op, counted] of Object.entries(input.changeSummary ?? {})) {
    if (UNLISTED_OPS.has(op) || !(counted > 0)) continue;
    if (!STEP_KINDS.has(op)) {
      out.push(unknownOf(`the preview's change summary counts ${counted} "${op}" step${counted === 1 ? '' : 's'}, an operation Airlock does not know; what it does cannot be seen`, `changeSummary.${op}: ${counted}`));
      continue;
    }
    const listed = resources.filter((r) => listsOp(r, op)).length;
    if (counted > listed) {
      out.push(unknownOf(`the preview's change summary counts ${counted} ${op} step${counted === 1 ? '' : 's'} but lists only ${listed}; Airlock cannot see the rest`, `changeSummary.${op}: ${counted}`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Environment

/** The stack's short name: `acme/web/prod` → `prod`; else the stack named in the URNs. */
function stackOf(input: PulumiPreview, steps: readonly PreviewStep[]): string {
  if (input.stack) return input.stack.split('/').pop() || input.stack;
  for (const step of steps) {
    const parsed = parseUrn(step.urn);
    if (parsed) return parsed.stack;
  }
  return '(unknown stack)';
}

/**
 * The stack name (`prod` of `acme/web/prod`, else of the URNs), config values that name the
 * environment (`web:environment`, `gcp:project`), the AWS profile and kube context the providers
 * are configured with, and resource tags (and `aws:defaultTags`).
 */
function hintsOf(input: PulumiPreview, steps: readonly PreviewStep[], resources: readonly ResourceSteps[]): Partial<EnvironmentHints> {
  const names: string[] = [];
  const awsProfiles: string[] = [];
  const kubeContexts: string[] = [];
  const add = (list: string[], value: unknown) => {
    if (typeof value === 'string' && value && value !== '[secret]' && !list.includes(value)) list.push(value);
  };
  if (input.stack) add(names, input.stack.split('/').pop());
  for (const step of steps) add(names, parseUrn(step.urn)?.stack);

  const tags: Record<string, string>[] = [];
  for (const [key, value] of Object.entries(input.config ?? {})) {
    const [namespace, name = ''] = splitConfigKey(key);
    if (ENVIRONMENT_KEYS.has(name.toLowerCase())) add(names, value);
    else if (namespace === 'gcp' && name === 'project') add(names, value);
    else if (namespace === 'aws' && name === 'profile') add(awsProfiles, value);
    else if (namespace === 'kubernetes' && name === 'context') add(kubeContexts, value);
    else if (namespace === 'aws' && name === 'defaultTags' && typeof value === 'string') {
      const defaults = defaultTagsOf(value);
      if (defaults) tags.push(defaults);
    }
  }
  for (const r of resources) if (r.tags) tags.push(r.tags);
  return { names, awsProfiles, kubeContexts, tags: distinctTags(tags) };
}

/** `web:environment` → [web, environment]; the namespace is the project or a provider. */
function splitConfigKey(key: string): [string, string | undefined] {
  const colon = key.indexOf(':');
  return colon === -1 ? ['', key] : [key.slice(0, colon), key.slice(colon + 1)];
}

/** `aws:defaultTags` is an object `{ tags: { … } }`, which the config map carries as JSON text. */
function defaultTagsOf(text: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const inner = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['tags'] : undefined;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inner)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function canonicalState(state: ResourceState | null | undefined) {
  if (!state) return null;
  const propertyDependencies = Object.fromEntries(Object.entries(state.propertyDependencies ?? {}).map(([k, v]) => [k, sorted(v)]));
  // Outputs are left out: the provider's record of what exists, not what the update would do.
  return {
    type: state.type ?? null,
    custom: state.custom ?? null,
    id: state.id ?? null,
    inputs: state.inputs ?? {},
    parent: state.parent ?? null,
    provider: state.provider ?? null,
    dependencies: sorted(state.dependencies),
    propertyDependencies,
    protect: state.protect === true,
    retainOnDelete: state.retainOnDelete === true,
    external: state.external === true,
    deletedWith: state.deletedWith ?? null,
    importID: state.importID ?? null,
  };
}

function sorted(values: readonly string[] | null | undefined): string[] {
  return [...(values ?? [])].sort(compare);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

