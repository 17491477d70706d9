import { z } from 'zod';

/**
 * The parts of `pulumi preview --json` that Airlock reads: the CLI's `PreviewDigest` (Go,
 * `sdk/go/common/display` → `PreviewDigest`, `PreviewStep`, `PreviewDiagnostic`), whose old and new
 * states are `apitype.ResourceV3` — the same shape as a resource in `pulumi stack export`.
 * Loose objects: unknown fields are kept and ignored, so newer CLI versions still parse. Step
 * operations are plain strings so that an operation Pulumi adds later becomes an `unknown` Effect
 * (fail closed) rather than a rejected payload. Go writes nil slices and maps as `null` where a
 * field has no `omitempty` (`detailedDiff`), hence `nullish` in places.
 * Reference: https://github.com/pulumi/pulumi/blob/master/sdk/go/common/display/json.go and
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go (ResourceV3).
 */

const UrnList = z.array(z.string()).nullish();

export const ResourceStateSchema = z.looseObject({
  urn: z.string().optional(),
  /** True for a resource a provider manages; false for a component (a grouping in the program). */
  custom: z.boolean().optional(),
  /** Pending deletion (the old half of a create-before-delete replacement). */
  delete: z.boolean().optional(),
  id: z.string().optional(),
  type: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).nullish(),
  outputs: z.record(z.string(), z.unknown()).nullish(),
  parent: z.string().optional(),
  /** `protect: true`: Pulumi refuses to delete the resource until it is unprotected. */
  protect: z.boolean().optional(),
  /** Read with `.get()`: Pulumi does not manage its lifecycle. */
  external: z.boolean().optional(),
  dependencies: UrnList,
  /** `URN::id` of the provider instance that manages it. */
  provider: z.string().optional(),
  propertyDependencies: z.record(z.string(), UrnList).nullish(),
  pendingReplacement: z.boolean().optional(),
  importID: z.string().optional(),
  /** `retainOnDelete: true`: deleting it only stops Pulumi tracking it; the cloud resource stays. */
  retainOnDelete: z.boolean().optional(),
  /** Not deleted by its provider when this other resource is deleted too (it goes with it). */
  deletedWith: z.string().optional(),
});
export type ResourceState = z.infer<typeof ResourceStateSchema>;

const PropertyDiffSchema = z.looseObject({ kind: z.string(), inputDiff: z.boolean().optional() });

export const PreviewStepSchema = z.looseObject({
  op: z.string().min(1),
  urn: z.string().min(1),
  provider: z.string().optional(),
  /** Not in PreviewDigest, but in the engine's step event metadata some tools pass on. */
  type: z.string().optional(),
  oldState: ResourceStateSchema.nullish(),
  newState: ResourceStateSchema.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  /** In engine step events (`StepEventMetadata.keys`): the properties that force a replacement. */
  keys: z.array(z.string()).nullish(),
  detailedDiff: z.record(z.string(), PropertyDiffSchema).nullish(),
});
export type PreviewStep = z.infer<typeof PreviewStepSchema>;

const DiagnosticSchema = z.looseObject({
  urn: z.string().optional(),
  prefix: z.string().optional(),
  message: z.string().optional(),
  /** debug, info, info#err, warning or error. */
  severity: z.string().optional(),
});

export const PulumiPreviewSchema = z.looseObject({
  /** Stack configuration (`project:key` / `aws:region` …); secrets are written as "[secret]". */
  config: z.record(z.string(), z.unknown()).nullish(),
  steps: z.array(PreviewStepSchema).nullish(),
  diagnostics: z.array(DiagnosticSchema).nullish(),
  duration: z.number().optional(),
  /** Resources per operation, counted by the engine (including the ones not listed as steps). */
  changeSummary: z.record(z.string(), z.number()).nullish(),
  maybeCorrupt: z.boolean().optional(),
  /**
   * Not printed by Pulumi: the stack the preview was made for, as `pulumi stack --show-name
   * --fully-qualify-stack-names` prints it (`acme/web/prod`). A caller may add it; the URNs carry
   * only the short name.
   */
  stack: z.string().min(1).optional(),
});

/** Payload of a `pulumi` Change: the document `pulumi preview --json` prints. */
export type PulumiPreview = z.infer<typeof PulumiPreviewSchema>;
