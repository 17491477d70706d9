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
    /**
     * Kubernetes namespaces (`payments-prod`, `prod-*`). Only a configured match, or a name that
     * itself looks like production, makes a namespace count: `-n payments` alone says nothing.
     */
    kubeNamespaces: globList,
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
      kubeNamespaces: [],
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

/** A duration in config: `90s`, `30m`, `2h`, or a number of seconds. */
const DurationSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+\s*(s|m|h)$/, 'a duration like 90s, 30m or 2h')
    .transform((text) => {
      const value = Number.parseInt(text, 10);
      const unit = text.trim().slice(-1);
      return value * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
    }),
]);

/** How the gateway turns `ask` into a human's answer. */
export const ApprovalsConfigSchema = z
  .object({
    /** How long a request waits for its approvers before it expires (default 30m). */
    expiry: DurationSchema.default(1800),
    /**
     * `wait`: the agent's call is held (long-poll) until a human answers or `waitTimeout` passes.
     * `deny`: the call is answered `deny` at once with the request id; the agent retries the same
     * command, which passes once approved.
     */
    agentWaits: z.enum(['wait', 'deny']).default('wait'),
    /** Longest the gateway holds an agent's call; keep it below the agent's hook timeout (default 25s). */
    waitTimeout: DurationSchema.default(25),
    /** Neither the requesting agent nor the human it acts for may approve (default true). */
    separateDuties: z.boolean().default(true),
  })
  .strict();

/** Where the gateway announces approval requests. */
export const NotificationsConfigSchema = z
  .object({
    /** Slack (or Slack-compatible: Mattermost, Rocket.Chat) incoming webhook URLs. */
    slack: z.array(z.object({ url: z.url() }).strict()).default([]),
    /**
     * Generic JSON webhooks, signed with HMAC-SHA256. Give the secret itself (`secret`) or, better,
     * the name of an environment variable that holds it (`secretEnv`).
     */
    webhooks: z
      .array(
        z
          .object({ url: z.url(), secret: z.string().min(16).optional(), secretEnv: z.string().min(1).optional() })
          .strict()
          .refine((hook) => hook.secret !== undefined || hook.secretEnv !== undefined, 'a webhook needs `secret` or `secretEnv` to sign with'),
      )
      .default([]),
    /** Delivery attempts per message, the first included (default 5). */
    attempts: z.number().int().min(1).max(20).default(5),
    /** Per-attempt timeout in milliseconds (default 5000). */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();

/** The gateway server (`airlock serve`). */
export const GatewayConfigSchema = z
  .object({
    /** Interface to listen on (default 127.0.0.1: loopback only). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4477),
    /** The URL people reach the dashboard at, used in notifications (default http://host:port/). */
    publicUrl: z.url().optional(),
  })
  .strict();

/**
 * How to read one MCP server's tool calls: which arguments hold a shell command, SQL or file paths.
 * Rules are tried in order; the first whose `match` (a glob over "<server>/<tool>") fits applies.
 */
export const McpToolRuleSchema = z
  .object({
    match: z.string().min(1),
    /** The argument holding a shell command: analysed as that command. */
    shell: z.string().min(1).optional(),
    /** The argument holding SQL: analysed as SQL (PostgreSQL unless `dialect` says otherwise). */
    sql: z.string().min(1).optional(),
    dialect: z.enum(['postgresql', 'mysql', 'sqlite']).optional(),
    /** Arguments holding file paths (a string or an array of strings) the tool reads or changes. */
    paths: z.array(z.string().min(1)).optional(),
    /** What the tool does to those paths; default: read from the tool's name (read/write/delete/move). */
    operation: z.enum(['read', 'write', 'delete', 'move']).optional(),
    /** For `move`: the argument holding the destination. */
    to: z.string().min(1).optional(),
  })
  .strict();

/** The MCP proxy (`airlock mcp`). */
export const McpConfigSchema = z
  .object({
    tools: z.array(McpToolRuleSchema).default([]),
    /** Ask the person at the client (MCP elicitation) when one approver suffices and the client can (default true). */
    elicitation: z.boolean().default(true),
    /** Under autonomy `observe`, leave tools that would write out of tools/list (default true). */
    hideWritesWhenObserve: z.boolean().default(true),
    /**
     * Servers the gateway puts behind its Streamable HTTP route `/mcp/<name>`: a command it starts
     * (one process per MCP session) or a remote server's URL.
     */
    servers: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a server name is letters, digits, . _ - (it is part of a URL)'),
        z.union([z.object({ command: z.array(z.string().min(1)).min(1) }).strict(), z.object({ url: z.url() }).strict()]),
      )
      .default({}),
  })
  .strict();

/** Where a file-based inventory source gets its JSON: a file, or a command that prints it. */
const FileOrCommand = {
  /** A file holding the JSON, relative to airlock.yaml. */
  file: z.string().min(1).optional(),
  /** A command (argv, no shell) that prints the JSON, e.g. [kubectl, --context, prod, get, …, -o, json]. */
  command: z.array(z.string().min(1)).min(1).optional(),
};
const needsOne = (source: { file?: string | undefined; command?: string[] | undefined }) => (source.file === undefined) !== (source.command === undefined);
const NEEDS_ONE = 'give exactly one of `file` or `command`';

/** The environment an inventory source describes; absent, it applies to whatever a change targets. */
const SourceEnvironment = { environment: z.string().min(1).optional() };

/** One source of the inventory: what exists and what depends on what. */
export const InventorySourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('postgres'),
      ...SourceEnvironment,
      /** A connection string (postgres://user@host:5432/db). Prefer `urlEnv` when it holds a password. */
      url: z.string().min(1).optional(),
      /** The name of an environment variable holding the connection string. */
      urlEnv: z.string().min(1).optional(),
      /** Schemas to read (default: every schema except PostgreSQL's own). */
      schemas: z.array(z.string().min(1)).optional(),
    })
    .strict()
    .refine((source) => (source.url === undefined) !== (source.urlEnv === undefined), 'give exactly one of `url` or `urlEnv`'),
  z
    .object({ type: z.literal('kubernetes'), ...SourceEnvironment, ...FileOrCommand })
    .strict()
    .refine(needsOne, NEEDS_ONE),
  z
    .object({ type: z.literal('terraform'), ...SourceEnvironment, ...FileOrCommand })
    .strict()
    .refine(needsOne, NEEDS_ONE),
  z
    .object({
      type: z.literal('cloudformation'),
      ...SourceEnvironment,
      ...FileOrCommand,
      /** The stack's template file (JSON or YAML, e.g. from `aws cloudformation get-template`), for references between resources. */
      template: z.string().min(1).optional(),
      /**
       * The stack's name, needed when the source is `list-stack-resources` output (which omits it).
       * Prefer that command for big stacks: `describe-stack-resources` stops at 100 resources.
       */
      stackName: z.string().min(1).optional(),
    })
    .strict()
    .refine(needsOne, NEEDS_ONE),
]);

/** A service the sources cannot see (an app, a team's API) and what it depends on. */
export const DeclaredServiceSchema = z
  .object({
    ...SourceEnvironment,
    customerFacing: z.boolean().optional(),
    /** Holds data of its own. */
    data: z.boolean().optional(),
    owner: z.string().min(1).optional(),
    /** Resources it depends on, by inventory address (`test.public.orders`, `payments/service/api`). */
    dependsOn: z
      .array(
        z.union([
          z.string().min(1),
          z.object({ resource: z.string().min(1), via: z.string().min(1).default('depends on') }).strict(),
        ]),
      )
      .default([]),
  })
  .strict();

export const InventoryConfigSchema = z
  .object({
    /** The cached inventory (default: AIRLOCK_HOME/inventory.json). Relative to airlock.yaml. */
    cache: z.string().min(1).optional(),
    sources: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a source name is letters, digits, . _ -'), InventorySourceSchema)
      .default({}),
    services: z.record(z.string().min(1), DeclaredServiceSchema).default({}),
    /** Per-source time limit for a refresh, in seconds (default 30). */
    timeout: DurationSchema.default(30),
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
    approvals: ApprovalsConfigSchema.default({ expiry: 1800, agentWaits: 'wait', waitTimeout: 25, separateDuties: true }),
    notifications: NotificationsConfigSchema.default({ slack: [], webhooks: [], attempts: 5, timeoutMs: 5000 }),
    gateway: GatewayConfigSchema.default({ host: '127.0.0.1', port: 4477 }),
    mcp: McpConfigSchema.default({ tools: [], elicitation: true, hideWritesWhenObserve: true, servers: {} }),
    inventory: InventoryConfigSchema.default({ sources: {}, services: {}, timeout: 30 }),
  })
  .strict();

export type ConfigFile = z.output<typeof ConfigFileSchema>;
export type EnvironmentConfig = z.output<typeof EnvironmentConfigSchema>;
export type ResourceRule = z.output<typeof ResourceRuleSchema>;
export type ApprovalsConfig = z.output<typeof ApprovalsConfigSchema>;
export type NotificationsConfig = z.output<typeof NotificationsConfigSchema>;
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type McpToolRule = z.output<typeof McpToolRuleSchema>;
export type McpConfig = z.output<typeof McpConfigSchema>;
export type InventoryConfig = z.output<typeof InventoryConfigSchema>;
export type InventorySourceConfig = z.output<typeof InventorySourceSchema>;
export type DeclaredService = z.output<typeof DeclaredServiceSchema>;
