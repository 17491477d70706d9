import { AirlockError } from '../../errors/index.js';
import { distinctTags, type Effect, type Operation } from '../../model/index.js';
import type { Analysis, Analyzer } from '../analyzer.js';
import { buildPlanGraph, tagsOf } from './plan-graph.js';
import { TerraformPayloadSchema, type ResourceChange, type TerraformPayload } from './plan-schema.js';
import { isCustomerFacingType, isDataBearingType } from './resource-types.js';

/** Variable names whose string value names the environment. */
const ENVIRONMENT_VARIABLES = new Set(['environment', 'env', 'stage', 'environment_name', 'env_name', 'workspace', 'tier']);

/** Why Terraform plans a replace, in words (the plan's `action_reason`). */
const ACTION_REASONS: Record<string, string> = {
  replace_because_cannot_update: 'a changed argument cannot be updated in place',
  replace_because_tainted: 'it is tainted',
  replace_by_request: 'it was asked for with -replace',
  replace_by_triggers: 'a replace_triggered_by reference changed',
  delete_because_no_resource_config: 'its configuration was removed',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count/for_each changed shape',
  delete_because_count_index: 'count shrank',
  delete_because_each_key: 'a for_each key was removed',
  delete_because_no_move_target: 'its moved block has no target',
  read_because_config_unknown: 'its configuration is not known until apply',
  read_because_dependency_pending: 'a dependency changes first',
};

/**
 * The JSON of `terraform show -json PLANFILE` (OpenTofu's is the same). Each resource change's
 * actions become an Effect: delete+create in either order is a replace, delete a delete, update an
 * in-place update, no-op and read are reads. Deleting or replacing a data-bearing type destroys
 * data. The plan's prior state and configuration give the dependency graph for the blast radius.
 */
export const terraformAnalyzer: Analyzer<TerraformPayload> = {
  kind: 'terraform',

  prepare(payload) {
    const parsed = TerraformPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new AirlockError('invalid_input', `not a Terraform plan in JSON form${where}: ${issue?.message ?? 'invalid'}`, {
        hint: 'pass the output of `terraform show -json PLANFILE` (or `tofu show -json PLANFILE`)',
      });
    }
    const plan = parsed.data.plan;
    // `terraform show -json` without a plan file prints the state ({values: …}); judged as a plan it
    // would look like an empty one, an allow. Every plan has planned_values.
    if (plan.planned_values === undefined && plan.resource_changes === undefined) {
      const looksLikeState = 'values' in plan;
      throw new AirlockError('invalid_input', looksLikeState ? 'this is Terraform state, not a plan: it has no planned_values or resource_changes' : 'not a Terraform plan: it has no planned_values or resource_changes', {
        hint: 'run `terraform plan -out=tfplan` and pass `terraform show -json tfplan` (with the plan file)',
      });
    }
    return parsed.data;
  },

  canonical(input) {
    // What the plan would do, without when it was made or by which Terraform build.
    const changes = (input.plan.resource_changes ?? [])
      .map((rc) => ({
        address: rc.address,
        actions: rc.change.actions,
        before: rc.change.before ?? null,
        after: rc.change.after ?? null,
        after_unknown: rc.change.after_unknown ?? null,
        replace_paths: rc.change.replace_paths ?? null,
      }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    const variables = Object.fromEntries(Object.entries(input.plan.variables ?? {}).map(([k, v]) => [k, v.value ?? null]));
    return { resource_changes: changes, output_changes: input.plan.output_changes ?? {}, variables };
  },

  analyze(input): Analysis {
    const { plan } = input;
    const effects = (plan.resource_changes ?? []).map(effectOf);
    const names: string[] = [];
    for (const [name, variable] of Object.entries(plan.variables ?? {})) {
      if (ENVIRONMENT_VARIABLES.has(name.toLowerCase()) && typeof variable.value === 'string' && variable.value) names.push(variable.value);
    }
    const tags: Record<string, string>[] = [];
    for (const effect of effects) if (effect.resource.tags) tags.push(effect.resource.tags);
    return {
      effects,
      graph: buildPlanGraph(plan),
      hints: { names, tags: distinctTags(tags) },
      needs: { terraformWorkspace: true },
    };
  },
};

function effectOf(rc: ResourceChange): Effect {
  const actions = rc.change.actions;
  const operation = operationOf(actions);
  const dataBearing = isDataBearingType(rc.type);
  const customerFacing = isCustomerFacingType(rc.type);
  const tags = tagsOf(rc.change.after) ?? tagsOf(rc.change.before);
  const resource = {
    kind: `terraform.${rc.type}`,
    address: rc.address,
    ...(tags ? { tags } : {}),
    ...(dataBearing ? { dataBearing: true } : {}),
    ...(customerFacing ? { customerFacing: true } : {}),
  };
  const evidence = `${rc.address}: ${JSON.stringify(actions)}`;
  if (rc.mode === 'data' && operation !== 'unknown') {
    return { operation: 'read', resource, reversible: true, destroysData: false, summary: `reads data source ${rc.address}`, evidence };
  }
  const destructive = operation === 'delete' || operation === 'replace';
  const forget = actions.length === 1 && actions[0] === 'forget';
  return {
    operation,
    resource,
    reversible: !destructive && operation !== 'unknown' && !forget,
    destroysData: destructive && !forget && dataBearing,
    summary: summaryOf(rc, operation, dataBearing, forget),
    evidence,
  };
}

function operationOf(actions: readonly string[]): Operation {
  const key = actions.join(',');
  switch (key) {
    case 'no-op':
    case 'read':
      return 'read';
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
    case 'forget':
      return 'delete';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return 'unknown';
  }
}

function summaryOf(rc: ResourceChange, operation: Operation, dataBearing: boolean, forget: boolean): string {
  const why = rc.action_reason ? ACTION_REASONS[rc.action_reason] : undefined;
  const paths = (rc.change.replace_paths ?? []).map((p) => p.join('.')).filter(Boolean);
  const because = why ? ` because ${why}${paths.length ? ` (${paths.join(', ')})` : ''}` : paths.length ? ` because ${paths.join(', ')} changed` : '';
  const data = dataBearing ? ' — its data is lost' : '';
  switch (operation) {
    case 'read':
      return rc.change.actions[0] === 'no-op' ? `leaves ${rc.address} unchanged` : `reads ${rc.address}`;
    case 'create':
      return `creates ${rc.address}`;
    case 'update':
      return `updates ${rc.address} in place`;
    case 'delete':
      return forget ? `removes ${rc.address} from state without destroying it` : `destroys ${rc.address}${because}${data}`;
    case 'replace':
      return `replaces ${rc.address} (destroy and re-create)${because}${data}`;
    case 'execute':
    case 'unknown':
      return `plans actions ${JSON.stringify(rc.change.actions)} on ${rc.address}, which Airlock does not know`;
  }
}

