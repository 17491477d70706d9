import type { Config } from '../config/index.js';
import { DEFAULT_AUTONOMY, type AutonomyLevel } from '../model/index.js';

/**
 * The autonomy level of an agent in an environment: an explicit override, else the agent's own
 * setting for that environment (or its `default`), else the environment's, else the config default.
 */
export function resolveAutonomy(config: Config, agent: string, environment: string, override?: AutonomyLevel): AutonomyLevel {
  if (override) return override;
  const setting = config.agents[agent]?.autonomy;
  if (typeof setting === 'string') return setting;
  if (setting) {
    const level = setting[environment] ?? setting['default'];
    if (level) return level;
  }
  return config.environments[environment]?.autonomy ?? config.defaults.autonomy ?? DEFAULT_AUTONOMY;
}
