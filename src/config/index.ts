export { defaultConfig, freezeConfig } from './config.js';
export type { Config } from './config.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfig, parseConfigText, readConfigFile } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export {
  AgentConfigSchema,
  AutonomySettingSchema,
  ConfigFileSchema,
  EnvironmentConfigSchema,
  EnvironmentMatchSchema,
  ResourceRuleSchema,
} from './config-schema.js';
export type { ApprovalsConfig, ConfigFile, DeclaredService, EnvironmentConfig, GatewayConfig, InventoryConfig, InventorySourceConfig, McpConfig, McpToolRule, NotificationsConfig, ResourceRule } from './config-schema.js';
export { DEFAULT_PACK_DIR, PACKAGE_POLICY_DIR, SCHEMA_PATH, loadPolicySources, readSchema } from './policy-files.js';
