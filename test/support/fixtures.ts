import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A recorded or constructed `terraform show -json` plan from test/fixtures/terraform. */
export function loadPlan(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/terraform/${name}.plan.json`, import.meta.url), 'utf8')) as unknown;
}
