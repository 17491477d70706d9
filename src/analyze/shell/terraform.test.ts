import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>): void {
  const shapes = shapesOf(command);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

const DESTROY_ALL = { operation: 'delete', kind: 'terraform.workspace', environmentWide: true, destroysData: true, reversible: false } as const;

describe('terraform, OpenTofu and terragrunt', () => {
  it.each<Case>([
    ['terraform destroy', [{ ...DESTROY_ALL, address: '/srv/app' }]],
    ['terraform destroy -auto-approve', [{ ...DESTROY_ALL }]],
    ['terraform destroy --auto-approve', [{ ...DESTROY_ALL }]],
    ['tofu destroy', [{ ...DESTROY_ALL }]],
    ['terragrunt destroy', [{ ...DESTROY_ALL }]],
    ['terragrunt run-all destroy', [{ ...DESTROY_ALL }]],
    ['terragrunt run --all -- destroy', [{ ...DESTROY_ALL }]],
    ['terraform apply -destroy', [{ ...DESTROY_ALL }]],
    ['terraform apply -destroy -auto-approve', [{ ...DESTROY_ALL }]],
    ['terraform -chdir=envs/prod destroy', [{ ...DESTROY_ALL, address: '/srv/app/envs/prod' }]],
    [
      'terraform destroy -target=aws_db_instance.main -target aws_instance.web',
      [
        { operation: 'delete', kind: 'terraform.aws_db_instance', address: 'aws_db_instance.main', destroysData: true, environmentWide: false, reversible: false },
        { operation: 'delete', kind: 'terraform.aws_instance', address: 'aws_instance.web', destroysData: false, environmentWide: false },
      ],
    ],
    ['terraform destroy -target=module.db', [{ operation: 'delete', kind: 'terraform.module', address: 'module.db', destroysData: true }]],
    ['terraform apply -auto-approve', [{ operation: 'execute', kind: 'terraform.workspace', address: '/srv/app', reversible: false }]],
    ['terraform apply tfplan', [{ operation: 'execute', kind: 'terraform.plan-file', address: '/srv/app/tfplan', reversible: false }]],
    ['terraform apply -replace=aws_db_instance.main', [{ operation: 'replace', kind: 'terraform.aws_db_instance', address: 'aws_db_instance.main', destroysData: true }]],
    [
      'terraform apply -replace aws_instance.web -replace=aws_s3_bucket.logs -auto-approve',
      [
        { operation: 'replace', address: 'aws_instance.web', destroysData: false },
        { operation: 'replace', address: 'aws_s3_bucket.logs', destroysData: true },
      ],
    ],
    ['terraform state rm aws_db_instance.main', [{ operation: 'delete', kind: 'terraform.state-entry', address: 'aws_db_instance.main', destroysData: false, reversible: false }]],
    ['terraform state push old.tfstate', [{ operation: 'replace', kind: 'terraform.state', destroysData: true }]],
    ['terraform state mv a.b c.d', [{ operation: 'update', kind: 'terraform.state-entry', address: 'a.b' }]],
    ['terraform workspace delete prod', [{ operation: 'delete', kind: 'terraform.workspace-state', address: 'prod', destroysData: true }]],
    ['terraform import aws_s3_bucket.b my-bucket', [{ operation: 'update', address: 'aws_s3_bucket.b', reversible: true }]],
    ['terraform taint aws_instance.web', [{ operation: 'update', address: 'aws_instance.web', reversible: true }]],
    ['terraform untaint aws_instance.web', [{ operation: 'update', address: 'aws_instance.web', reversible: true }]],
    ['terraform force-unlock 1234', [{ operation: 'update', kind: 'terraform.state-lock', reversible: false }]],
    ['terraform init -upgrade', [{ operation: 'execute', reversible: true }]],
    ['TF_CLI_ARGS_apply=-destroy terraform apply -auto-approve', [{ ...DESTROY_ALL }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each([
    'terraform plan',
    'terraform plan -destroy',
    'terraform plan -out=tfplan',
    'terraform show tfplan',
    'terraform validate',
    'terraform fmt -check',
    'terraform output -json',
    'terraform providers',
    'terraform graph',
    'terraform version',
    'terraform state list',
    'terraform state show aws_instance.web',
    'terraform workspace list',
    'terraform workspace show',
    'tofu plan -destroy',
  ])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });

  it('mentions a missing confirmation prompt', () => {
    expect(analyzeCommand('terraform destroy -auto-approve').effects[0]?.summary).toMatch(/without a confirmation prompt/);
    expect(analyzeCommand('terraform destroy').effects[0]?.summary).not.toMatch(/without a confirmation prompt/);
  });

  it('tells an unattended apply to check the plan first', () => {
    expect(analyzeCommand('terraform apply -auto-approve').effects[0]?.summary).toBe(
      'applies whatever the configuration at /srv/app now plans, without review; check the plan with `airlock check terraform`',
    );
  });

  it('collects workspace and directory hints', () => {
    expect(analyzeCommand('terraform -chdir=envs/prod plan').hints.paths).toEqual(['/srv/app/envs/prod']);
    expect(analyzeCommand('terraform workspace select prod').hints.terraformWorkspaces).toEqual(['prod']);
    expect(analyzeCommand('terraform workspace new staging').hints.terraformWorkspaces).toEqual(['staging']);
    expect(analyzeCommand('TF_WORKSPACE=prod terraform destroy').hints.terraformWorkspaces).toEqual(['prod']);
  });
});
