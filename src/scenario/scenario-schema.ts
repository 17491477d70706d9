import { z } from 'zod';
import { AUTONOMY_LEVELS, CHANGE_KINDS, DECISIONS, EnvironmentHintsSchema, SEVERITIES, SOURCES } from '../model/index.js';

const Decision = z.enum(DECISIONS);

const StepSchema = z
  .object({
    name: z.string().min(1).optional(),
    kind: z.enum(CHANGE_KINDS),
    /** Shell shorthand: the command. */
    command: z.string().optional(),
    /** Terraform shorthand: a `terraform show -json` file, relative to the scenario file. */
    plan: z.string().optional(),
    /** The raw payload for any kind. */
    payload: z.unknown().optional(),
    agent: z.string().min(1).optional(),
    source: z.enum(SOURCES).optional(),
    environment: z.string().min(1).optional(),
    autonomy: z.enum(AUTONOMY_LEVELS).optional(),
    cwd: z.string().optional(),
    /** What the surroundings would tell (kube context, AWS profile …). */
    hints: EnvironmentHintsSchema.partial().optional(),
    /** Paths that exist (for overwrites); when absent, every path is assumed to exist. */
    existingPaths: z.array(z.string()).optional(),
    /** The decision expected, or a list of acceptable ones. */
    expect: z.union([Decision, z.array(Decision).min(1)]),
    expectSeverity: z.enum(SEVERITIES).optional(),
    expectDestroysData: z.boolean().optional(),
  })
  .strict()
  .refine((step) => step.command !== undefined || step.plan !== undefined || step.payload !== undefined, {
    message: 'a step needs `command` (shell), `plan` (terraform) or `payload`',
  });
export type ScenarioStep = z.infer<typeof StepSchema>;

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** airlock.yaml for this scenario (relative to it), or the config inline. Default: the usual lookup. */
    config: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    defaults: z
      .object({
        agent: z.string().min(1).optional(),
        source: z.enum(SOURCES).optional(),
        environment: z.string().min(1).optional(),
        autonomy: z.enum(AUTONOMY_LEVELS).optional(),
        cwd: z.string().optional(),
      })
      .strict()
      .optional(),
    steps: z.array(StepSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
