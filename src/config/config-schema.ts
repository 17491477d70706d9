import { z } from 'zod';
import { AUTONOMY_LEVELS, CRITICALITIES, MODES } from '../model/index.js';

const globList = z.array(z.string().min(1)).default([]);

/** How to recognise an environment from what a change reveals. Globs (picomatch) unless noted. */
export const EnvironmentMatchSchema = z
  .object({
    /** Names used inside changes: `var.environment`, `--env`, a scenario's environment. Exact or glob. */
    names: globList,
    terraformWorkspaces: globList,
    kubeContexts: globList,
    awsProfiles: globList,
    /** Globs over the working directory and paths a change names (`/srv/prod/**`, `** /envs/prod/**`). */
    paths: globList,
    /** Tag name → accepted values (`Environment: [prod, production]`). Tag names compare case-insensitively. */
    tags: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  })
  .strict();

/** Autonomy as one level, or a level per environment with `default`. */
export const AutonomySettingSchema = z.union([
  z.enum(AUTONOMY_LEVELS),
  z.record(z.string(), z.enum(AUTONOMY_LEVELS)),
]);

export const EnvironmentConfigSchema = z
  .object({
    /** Production rules apply (default: true when the name looks like prod/production/live). */
    production: z.boolean().optional(),
    /** Default: critical for production, low otherwise. */
    criticality: z.enum(CRITICALITIES).optional(),
    /** Autonomy for agents here unless the agent has its own setting. */
    autonomy: z.enum(AUTONOMY_LEVELS).optional(),
    match: EnvironmentMatchSchema.default({
      names: [],
      terraformWorkspaces: [],
      kubeContexts: [],
      awsProfiles: [],
      paths: [],
      tags: {},
    }),
  })
  .strict();

export const AgentConfigSchema = z
  .object({
    autonomy: AutonomySettingSchema.optional(),
  })
  .strict();

/** Facts about resources the input cannot tell (issue 5 grows this into an inventory). */
export const ResourceRuleSchema = z
  .object({
    /** Glob over the resource address (`aws_db_instance.*`, `module.billing.**`, `/srv/data/**`). */
    match: z.string().min(1),
    dataBearing: z.boolean().optional(),
    customerFacing: z.boolean().optional(),
  })
  .strict();

export const ConfigFileSchema = z
  .object({
    version: z.literal(1).default(1),
    /** enforce (default), or shadow: record every decision but let the agent through. */
    mode: z.enum(MODES).default('enforce'),
    defaults: z
      .object({
        autonomy: z.enum(AUTONOMY_LEVELS).default('guarded'),
        /** Environment assumed when nothing in a change is recognised (default: none — "unknown"). */
        environment: z.string().min(1).optional(),
      })
      .strict()
      .default({ autonomy: 'guarded' }),
    environments: z.record(z.string().min(1), EnvironmentConfigSchema).default({}),
    agents: z.record(z.string().min(1), AgentConfigSchema).default({}),
    resources: z.array(ResourceRuleSchema).default([]),
    policies: z
      .object({
        /** Include Airlock's default policy pack (default true). */
        defaults: z.boolean().default(true),
        /** Your .cedar files or directories of them, relative to this file; enforced. */
        files: z.array(z.string().min(1)).default([]),
        /** .cedar files or directories evaluated in shadow mode: recorded, never enforced. */
        shadow: z.array(z.string().min(1)).default([]),
        /** @ids of policies (usually default ones) to leave out, to replace them with your own. */
        disable: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ defaults: true, files: [], shadow: [], disable: [] }),
    thresholds: z
      .object({
        /** Share of an environment's resources (0..1) a change must reach to count as the whole environment. */
        wholeEnvironment: z.number().gt(0).max(1).default(0.5),
        /** Most resources a reversible change may touch directly in production and still be low severity. */
        smallChange: z.number().int().min(1).default(5),
      })
      .strict()
      .default({ wholeEnvironment: 0.5, smallChange: 5 }),
  })
  .strict();

export type ConfigFile = z.output<typeof ConfigFileSchema>;
export type EnvironmentConfig = z.output<typeof EnvironmentConfigSchema>;
export type ResourceRule = z.output<typeof ResourceRuleSchema>;
