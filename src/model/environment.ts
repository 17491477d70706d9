import { z } from 'zod';
import { CRITICALITIES } from './vocabulary.js';

/**
 * Clues to which environment a Change targets, gathered by analyzers (flags in a command,
 * workspace and tags in a plan) and by intake (the kube context, AWS profile, working directory).
 */
export const EnvironmentHintsSchema = z.object({
  names: z.array(z.string()).default([]),
  terraformWorkspaces: z.array(z.string()).default([]),
  kubeContexts: z.array(z.string()).default([]),
  /** Kubernetes namespaces a change names (`-n payments`, a manifest's metadata.namespace). */
  kubeNamespaces: z.array(z.string()).default([]),
  awsProfiles: z.array(z.string()).default([]),
  paths: z.array(z.string()).default([]),
  tags: z.array(z.record(z.string(), z.string())).default([]),
});
export type EnvironmentHints = z.infer<typeof EnvironmentHintsSchema>;

export function emptyHints(): EnvironmentHints {
  return { names: [], terraformWorkspaces: [], kubeContexts: [], kubeNamespaces: [], awsProfiles: [], paths: [], tags: [] };
}

/** Merges hint sets without duplicates. */
export function mergeHints(...sets: Array<Partial<EnvironmentHints> | undefined>): EnvironmentHints {
  const out = emptyHints();
  for (const set of sets) {
    if (!set) continue;
    for (const key of ['names', 'terraformWorkspaces', 'kubeContexts', 'kubeNamespaces', 'awsProfiles', 'paths'] as const) {
      for (const value of set[key] ?? []) if (value && !out[key].includes(value)) out[key].push(value);
    }
    for (const tags of set.tags ?? []) if (Object.keys(tags).length > 0) out.tags.push(tags);
  }
  return out;
}

/** The environment a Change was found to target. */
export const EnvironmentSchema = z.object({
  name: z.string(),
  production: z.boolean(),
  criticality: z.enum(CRITICALITIES),
  /** How it was recognised ("--env flag", "kube context prod-eu", "not recognised") — for the explanation. */
  recognizedBy: z.string(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

// Letters on either side make it another word (product, preprod, livestock); digits do not (prod01, eks-prod2).
const PRODUCTION_NAME = /(^|[^a-z])(prod|production|live|prd)([^a-z]|$)/i;

/** Does a name (environment, workspace, context, profile) look like production? */
export function looksLikeProduction(name: string): boolean {
  return PRODUCTION_NAME.test(name);
}

/** An environment's name for a sentence: "prod", or "eu-main (production)" when the name does not say so. */
export function describeEnvironment(environment: { name: string; production: boolean }): string {
  return environment.production && !looksLikeProduction(environment.name) ? `${environment.name} (production)` : environment.name;
}

/** Tag sets without repeats (the same tags on many resources count once as a clue). */
export function distinctTags(tags: readonly Record<string, string>[]): Record<string, string>[] {
  const seen = new Set<string>();
  const out: Record<string, string>[] = [];
  for (const set of tags) {
    const key = JSON.stringify(Object.entries(set).sort());
    if (!seen.has(key)) {
      seen.add(key);
      out.push(set);
    }
  }
  return out;
}
