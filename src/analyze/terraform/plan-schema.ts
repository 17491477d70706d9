import { z } from 'zod';

/**
 * The parts of `terraform show -json PLANFILE` (and OpenTofu's identical format) that Airlock
 * reads. Loose objects: unknown fields are kept and ignored, so newer format versions still parse.
 * Reference: https://developer.hashicorp.com/terraform/internals/json-format
 */

const ChangeSchema = z.looseObject({
  actions: z.array(z.string()).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
});

export const ResourceChangeSchema = z.looseObject({
  address: z.string().min(1),
  module_address: z.string().optional(),
  mode: z.enum(['managed', 'data']).default('managed'),
  type: z.string(),
  name: z.string(),
  index: z.unknown().optional(),
  provider_name: z.string().optional(),
  change: ChangeSchema,
  action_reason: z.string().optional(),
});
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

export interface StateModule {
  address?: string | undefined;
  resources?: StateResource[] | undefined;
  child_modules?: StateModule[] | undefined;
}
export interface StateResource {
  address: string;
  mode?: string | undefined;
  type: string;
  name: string;
  depends_on?: string[] | undefined;
  values?: unknown;
}

const StateResourceSchema = z.looseObject({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  depends_on: z.array(z.string()).optional(),
  values: z.unknown().optional(),
});

const StateModuleSchema: z.ZodType<StateModule> = z.lazy(() =>
  z.looseObject({
    address: z.string().optional(),
    resources: z.array(StateResourceSchema).optional(),
    child_modules: z.array(StateModuleSchema).optional(),
  }),
);

export interface ConfigModule {
  resources?: ConfigResource[] | undefined;
  module_calls?: Record<string, ModuleCall> | undefined;
}
export interface ConfigResource {
  address: string;
  mode?: string | undefined;
  type: string;
  name: string;
  expressions?: unknown;
  depends_on?: string[] | undefined;
  count_expression?: unknown;
  for_each_expression?: unknown;
}
export interface ModuleCall {
  source?: string | undefined;
  expressions?: unknown;
  module?: ConfigModule | undefined;
  depends_on?: string[] | undefined;
}

const ConfigResourceSchema = z.looseObject({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  expressions: z.unknown().optional(),
  depends_on: z.array(z.string()).optional(),
  count_expression: z.unknown().optional(),
  for_each_expression: z.unknown().optional(),
});

const ConfigModuleSchema: z.ZodType<ConfigModule> = z.lazy(() =>
  z.looseObject({
    resources: z.array(ConfigResourceSchema).optional(),
    module_calls: z
      .record(
        z.string(),
        z.looseObject({
          source: z.string().optional(),
          expressions: z.unknown().optional(),
          module: ConfigModuleSchema.optional(),
          depends_on: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  }),
);

export const TerraformPlanSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  variables: z.record(z.string(), z.looseObject({ value: z.unknown().optional() })).optional(),
  planned_values: z.unknown().optional(),
  resource_changes: z.array(ResourceChangeSchema).optional(),
  output_changes: z.record(z.string(), z.unknown()).optional(),
  prior_state: z
    .looseObject({
      values: z.looseObject({ root_module: StateModuleSchema.optional() }).optional(),
    })
    .optional(),
  configuration: z.looseObject({ root_module: ConfigModuleSchema.optional() }).optional(),
});
export type TerraformPlan = z.infer<typeof TerraformPlanSchema>;

/** Payload of a `terraform` Change. */
export const TerraformPayloadSchema = z.object({ plan: TerraformPlanSchema });
export type TerraformPayload = z.infer<typeof TerraformPayloadSchema>;
