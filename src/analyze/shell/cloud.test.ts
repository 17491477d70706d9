import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>): void {
  const shapes = shapesOf(command);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

/** The environment names a command reveals (none: an empty list). */
function namesOf(command: string): string[] {
  return analyzeCommand(command).hints.names ?? [];
}

function summaryOf(command: string): string {
  return analyzeCommand(command).effects.map((e) => e.summary).join(' | ');
}

describe('aws', () => {
  it.each<Case>([
    ['aws s3 rm s3://b --recursive', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b', destroysData: true, reversible: false }]],
    ['aws s3 rm s3://b/key', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b/key', destroysData: true }]],
    ['aws s3 rb s3://b --force', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b', destroysData: true }]],
    ['aws s3 mv s3://a/x s3://b/x', [{ operation: 'update', address: 's3://b/x', destroysData: true }]],
    ['aws s3 sync ./site s3://b --delete', [{ operation: 'delete', address: 's3://b', destroysData: true }, { operation: 'update', address: 's3://b' }]],
    // Objects written to S3 replace what has the same key; whether something is there cannot be seen.
    ['aws s3 sync ./site s3://b', [{ operation: 'update', address: 's3://b', destroysData: true, reversible: false }]],
    ['aws s3 cp x.txt s3://b/x.txt', [{ operation: 'update', address: 's3://b/x.txt', destroysData: true, reversible: false }]],
    ['aws s3 mb s3://new', [{ operation: 'create', address: 's3://new' }]],
    ['aws s3api delete-bucket --bucket b', [{ operation: 'delete', kind: 'aws.s3api', address: 'b', destroysData: true }]],
    ['aws --profile prod rds delete-db-instance --db-instance-identifier db --skip-final-snapshot', [{ operation: 'delete', kind: 'aws.rds', address: 'db', destroysData: true, reversible: false }]],
    ['aws rds delete-db-cluster --db-cluster-identifier c', [{ operation: 'delete', kind: 'aws.rds', address: 'c', destroysData: true }]],
    ['aws dynamodb delete-table --table-name orders', [{ operation: 'delete', kind: 'aws.dynamodb', address: 'orders', destroysData: true }]],
    ['aws ec2 terminate-instances --instance-ids i-1 i-2', [{ operation: 'delete', kind: 'aws.ec2', address: 'i-1', destroysData: true }, { operation: 'delete', address: 'i-2' }]],
    ['aws ec2 delete-volume --volume-id vol-1', [{ operation: 'delete', address: 'vol-1', destroysData: true }]],
    ['aws ec2 delete-security-group --group-id sg-1', [{ operation: 'delete', address: 'sg-1', destroysData: false }]],
    ['aws iam delete-role --role-name r', [{ operation: 'delete', kind: 'aws.iam', address: 'r', destroysData: false, reversible: false }]],
    ['aws iam delete-user --user-name u', [{ operation: 'delete', kind: 'aws.iam', address: 'u', reversible: false }]],
    ['aws kms schedule-key-deletion --key-id k', [{ operation: 'delete', kind: 'aws.kms', destroysData: true }]],
    ['aws kms disable-key --key-id k', [{ operation: 'delete', kind: 'aws.kms' }]],
    ['aws ssm delete-parameters --names a b', [{ operation: 'delete', kind: 'aws.ssm', destroysData: true }]],
    ['aws route53 delete-hosted-zone --id Z1', [{ operation: 'delete', kind: 'aws.route53', destroysData: true }]],
    ['aws sqs purge-queue --queue-url https://q', [{ operation: 'delete', kind: 'aws.sqs', destroysData: true }]],
    ['aws ec2 run-instances --image-id ami-1', [{ operation: 'create', kind: 'aws.ec2', reversible: true }]],
    ['aws ec2 stop-instances --instance-ids i-1', [{ operation: 'update', address: 'i-1', reversible: false }]],
    ['aws ec2 reboot-instances --instance-ids i-1', [{ operation: 'update', reversible: false }]],
    ['aws lambda update-function-code --function-name f --zip-file fileb://x.zip', [{ operation: 'update', kind: 'aws.lambda', address: 'f', reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each<Case>([
    ['aws cloudformation delete-stack --stack-name prod-app', [{ operation: 'delete', kind: 'aws.cloudformation.stack', address: 'prod-app', destroysData: true, environmentWide: true }]],
    ['aws eks delete-cluster --name main', [{ operation: 'delete', kind: 'aws.eks', address: 'main', destroysData: true, environmentWide: true }]],
    ['aws organizations close-account --account-id 123456789012', [{ operation: 'delete', kind: 'aws.organizations', address: '123456789012', environmentWide: true }]],
  ])('%j takes a whole environment with it', (command, expected) => expectEffects(command, expected));

  it('a stack or cluster deleted whole names the environment when its name says production', () => {
    expect(namesOf('aws cloudformation delete-stack --stack-name shop-prod')).toEqual(['shop-prod']);
    expect(namesOf('aws eks delete-cluster --name prod-main')).toEqual(['prod-main']);
    expect(namesOf('aws cloudformation delete-stack --stack-name web')).toEqual([]);
  });

  it('a named final snapshot keeps the database data; --skip-final-snapshot loses it', () => {
    expect(shapesOf('aws rds delete-db-instance --db-instance-identifier db --final-db-snapshot-identifier db-final')).toEqual([
      { operation: 'delete', kind: 'aws.rds', address: 'db', reversible: false, destroysData: false, environmentWide: false },
    ]);
    expect(summaryOf('aws rds delete-db-instance --db-instance-identifier db --final-db-snapshot-identifier db-final')).toMatch(/final snapshot db-final keeps its data/);
    expect(shapesOf('aws rds delete-db-cluster --db-cluster-identifier c --final-db-snapshot-identifier c-final')[0]?.destroysData).toBe(false);
    expect(shapesOf('aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot')[0]?.destroysData).toBe(true);
    expect(summaryOf('aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot')).toMatch(/skip-final-snapshot/);
    // Naming neither: Airlock cannot count on a snapshot.
    expect(shapesOf('aws rds delete-db-instance --db-instance-identifier db')[0]?.destroysData).toBe(true);
  });

  it('a secret deleted with a recovery window can be restored; --force-delete-without-recovery cannot', () => {
    expect(shapesOf('aws secretsmanager delete-secret --secret-id s')[0]).toMatchObject({ operation: 'delete', destroysData: false, reversible: false });
    expect(summaryOf('aws secretsmanager delete-secret --secret-id s --recovery-window-in-days 7')).toMatch(/in 7 days .*restore-secret/);
    expect(shapesOf('aws secretsmanager delete-secret --secret-id s --force-delete-without-recovery')[0]).toMatchObject({ operation: 'delete', destroysData: true });
  });

  it.each(['aws s3 ls', 'aws s3 ls s3://b/prefix/', 'aws sts get-caller-identity', 'aws ec2 describe-instances --output json', 'aws rds list-tags-for-resource --resource-name x', 'aws ssm get-parameter --name x', 'aws ec2 terminate-instances --instance-ids i-1 --dry-run'])(
    '%j only reads',
    (command) => {
      expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
    },
  );

  it('of --dry-run and --no-dry-run the last one decides, as the AWS CLI does', () => {
    expect(shapesOf('aws ec2 terminate-instances --instance-ids i-1 --dry-run --no-dry-run')).toEqual([
      { operation: 'delete', kind: 'aws.ec2', address: 'i-1', reversible: false, destroysData: true, environmentWide: false },
    ]);
    expect(shapesOf('aws ec2 terminate-instances --no-dry-run --instance-ids i-1 --dry-run').map((s) => s.operation)).toEqual(['read']);
    expect(shapesOf('aws rds delete-db-instance --db-instance-identifier db --no-skip-final-snapshot --skip-final-snapshot --final-db-snapshot-identifier f')[0]).toMatchObject({ destroysData: true });
    expect(shapesOf('aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot --no-skip-final-snapshot --final-db-snapshot-identifier f')[0]).toMatchObject({ destroysData: false });
  });

  it.each<Case>([
    ['aws s3 cp empty.txt s3://bucket/important.db', [{ operation: 'update', kind: 'aws.s3', address: 's3://bucket/important.db', reversible: false, destroysData: true }]],
    ['aws s3 cp ./dist s3://bucket/site --recursive', [{ operation: 'update', address: 's3://bucket/site', reversible: false, destroysData: true }]],
    ['aws s3 cp s3://a/x s3://b/x', [{ operation: 'update', address: 's3://b/x', reversible: false, destroysData: true }]],
    ['aws s3 mv x.txt s3://b/x.txt', [{ operation: 'update', address: 's3://b/x.txt', reversible: false, destroysData: true }, { operation: 'delete', kind: 'file', address: '/srv/app/x.txt' }]],
    ['aws s3 mv s3://a/x s3://b/x', [{ operation: 'update', address: 's3://b/x', destroysData: true }, { operation: 'delete', kind: 'aws.s3', address: 's3://a/x', reversible: false }]],
    ['aws s3 cp s3://b/x ./x', [{ operation: 'update', kind: 'file', address: '/srv/app/x', destroysData: true }]],
  ])('%j overwrites what is at the destination', (command, expected) => expectEffects(command, expected));

  it('streaming an object to standard output only reads', () => {
    expect(shapesOf('aws s3 cp s3://b/x -').map((s) => s.operation)).toEqual(['read']);
    expect(summaryOf('aws s3 cp x.txt s3://b/x.txt')).toMatch(/overwritten .* unless the bucket keeps versions/);
  });

  it('takes the profile from --profile, --profile= or AWS_PROFILE, and needs one otherwise', () => {
    expect(analyzeCommand('aws --profile prod s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('aws s3 ls --profile=stage').hints.awsProfiles).toEqual(['stage']);
    expect(analyzeCommand('AWS_PROFILE=prod aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('export AWS_PROFILE=prod; aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('export AWS_PROFILE=prod; aws s3 ls').needs?.awsProfile).toBeUndefined();
    expect(analyzeCommand('aws s3 ls').needs?.awsProfile).toBe(true);
  });

  it('finds the service after global options with values', () => {
    expect(shapesOf('aws --region eu-west-1 --output json --endpoint-url http://localhost:4566 --query x --no-cli-pager --debug dynamodb delete-table --table-name t')).toContainEqual(
      expect.objectContaining({ operation: 'delete', kind: 'aws.dynamodb', address: 't' }),
    );
  });
});

describe('gcloud and az', () => {
  it.each<Case>([
    ['gcloud compute instances delete vm-1 --zone europe-west1-b', [{ operation: 'delete', kind: 'gcloud.compute.instances', address: 'vm-1', destroysData: true, reversible: false }]],
    ['gcloud compute instances delete vm-1 vm-2 --zone europe-west1-b', [{ operation: 'delete', address: 'vm-1' }, { operation: 'delete', address: 'vm-2' }]],
    ['gcloud sql instances delete db --quiet', [{ operation: 'delete', kind: 'gcloud.sql.instances', address: 'db', destroysData: true }]],
    ['gcloud sql databases delete orders --instance main', [{ operation: 'delete', kind: 'gcloud.sql.databases', address: 'main/orders', destroysData: true }]],
    ['gcloud compute disks delete data-1 --zone=europe-west1-b', [{ operation: 'delete', kind: 'gcloud.compute.disks', address: 'data-1', destroysData: true }]],
    ['gcloud storage buckets delete gs://b', [{ operation: 'delete', kind: 'gcloud.storage.buckets', address: 'gs://b', destroysData: true }]],
    ['gcloud kms keys versions destroy 3 --key k --keyring r --location global', [{ operation: 'delete', kind: 'gcloud.kms.keys.versions', address: '3', destroysData: true }]],
    ['gcloud compute firewall-rules delete allow-ssh', [{ operation: 'delete', address: 'allow-ssh', destroysData: false, reversible: false }]],
    ['gcloud projects remove-iam-policy-binding shop --member user:a@b.c --role roles/owner', [{ operation: 'delete', destroysData: false }]],
    ['gcloud sql backups restore 1700000000 --restore-instance main', [{ operation: 'update', address: 'main', destroysData: true, reversible: false }]],
    ['az group delete --name rg --yes', [{ operation: 'delete', kind: 'azure.group', address: 'rg', destroysData: true }]],
    ['az vm delete -n vm -g rg --yes', [{ operation: 'delete', kind: 'azure.vm', address: 'vm', destroysData: true }]],
    ['az sql db delete -g rg -s sql-main -n orders --yes', [{ operation: 'delete', kind: 'azure.sql.db', address: 'sql-main/orders', destroysData: true }]],
    ['az storage account delete -n shopassets -g rg', [{ operation: 'delete', kind: 'azure.storage.account', address: 'shopassets', destroysData: true }]],
    ['az storage blob delete-batch --source uploads --account-name shopassets', [{ operation: 'delete', address: 'shopassets/uploads', destroysData: true }]],
    ['az cosmosdb delete -n sessions -g rg --yes', [{ operation: 'delete', kind: 'azure.cosmosdb', address: 'sessions', destroysData: true }]],
    ['az network nsg delete -n web -g rg', [{ operation: 'delete', destroysData: false }]],
    ['gcloud compute instances start vm-1', [{ operation: 'update', reversible: true }]],
    // A restart interrupts what the machine serves and cannot be taken back (as aws reboot-instances).
    ['az vm restart -n vm -g rg', [{ operation: 'update', address: 'vm', reversible: false }]],
    ['gcloud sql instances patch main --tier db-custom-4-16384', [{ operation: 'update', address: 'main', reversible: false }]],
    ['gcloud compute instances create vm-3 --zone z', [{ operation: 'create', address: 'vm-3', reversible: true }]],
    // `logs` is a group here, not the reading verb: the worse verb counts.
    ['gcloud logging logs delete audit-log', [{ operation: 'delete', kind: 'gcloud.logging.logs', address: 'audit-log' }]],
    ['gcloud sql operations cancel op-1', [{ operation: 'update', address: 'op-1', reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each<Case>([
    ['gcloud projects delete shop-prod', [{ operation: 'delete', kind: 'gcloud.projects', address: 'shop-prod', environmentWide: true, destroysData: true }]],
    ['gcloud container clusters delete main --region europe-west1', [{ operation: 'delete', kind: 'gcloud.container.clusters', address: 'main', environmentWide: true }]],
    ['az group delete -n rg --yes --no-wait', [{ operation: 'delete', kind: 'azure.group', address: 'rg', environmentWide: true }]],
    ['az aks delete -n main -g rg --yes', [{ operation: 'delete', kind: 'azure.aks', address: 'main', environmentWide: true }]],
    ['az account subscription cancel --id 5a6b7c8d-0000-4000-8000-1234567890ab', [{ operation: 'delete', kind: 'azure.account.subscription', environmentWide: true }]],
  ])('%j takes a whole environment with it', (command, expected) => expectEffects(command, expected));

  it('--delete-disks=all loses every disk; --keep-disks=all keeps them', () => {
    expect(shapesOf('gcloud compute instances delete vm --delete-disks=all')[0]?.destroysData).toBe(true);
    expect(summaryOf('gcloud compute instances delete vm --delete-disks all')).toMatch(/its disks \(--delete-disks=all\)/);
    expect(shapesOf('gcloud compute instances delete vm --keep-disks=all')[0]).toMatchObject({ operation: 'delete', destroysData: false, reversible: false });
    expect(summaryOf('gcloud compute instances delete vm')).toMatch(/boot disk, by default/);
  });

  it('an ARM deployment is an irreversible run; in Complete mode it deletes what the template leaves out', () => {
    expect(shapesOf('az deployment group create -g rg-shop --template-file main.bicep')).toEqual([
      { operation: 'execute', kind: 'azure.deployment', address: 'rg-shop', reversible: false, destroysData: false, environmentWide: false },
    ]);
    expect(shapesOf('az deployment group create -g rg-shop --template-file main.bicep --mode Complete')).toContainEqual(
      expect.objectContaining({ operation: 'delete', kind: 'azure.group', address: 'rg-shop', destroysData: true }),
    );
    expect(shapesOf('az deployment group what-if -g rg-shop --template-file main.bicep').map((s) => s.operation)).toEqual(['read']);
  });

  it('a key vault delete is soft (recoverable); a purge is for good', () => {
    expect(shapesOf('az keyvault delete -n kv')[0]).toMatchObject({ operation: 'delete', destroysData: false, reversible: false });
    expect(summaryOf('az keyvault delete -n kv')).toMatch(/az keyvault recover/);
    expect(shapesOf('az keyvault purge -n kv')[0]).toMatchObject({ operation: 'delete', destroysData: true });
    expect(shapesOf('az keyvault secret purge --vault-name kv -n db-password')[0]).toMatchObject({ operation: 'delete', address: 'kv/db-password', destroysData: true });
  });

  it.each<Case>([
    ['gcloud storage rm -r gs://b', [{ operation: 'delete', kind: 'gcloud.storage', address: 'gs://b', destroysData: true }]],
    ['gcloud storage rm gs://b/**', [{ operation: 'delete', address: 'gs://b/**', destroysData: true }]],
    ['gcloud storage rsync ./site gs://b --recursive --delete-unmatched-destination-objects', [{ operation: 'delete', address: 'gs://b', destroysData: true }]],
    ['gcloud storage cp x.txt gs://b/x.txt', [{ operation: 'update', address: 'gs://b/x.txt', reversible: false }]],
    ['gsutil -m rsync -r -d ./site gs://b', [{ operation: 'delete', address: 'gs://b', destroysData: true }]],
    ['gsutil -m rsync -rd ./site gs://b', [{ operation: 'delete', address: 'gs://b', destroysData: true }]],
    ['gsutil cp x.txt gs://b/x.txt', [{ operation: 'update', address: 'gs://b/x.txt' }]],
    ['gsutil rm -r gs://b', [{ operation: 'delete', destroysData: true }]],
    ['gsutil rb gs://b', [{ operation: 'delete', destroysData: true }]],
    ['gsutil mb gs://new', [{ operation: 'create', address: 'gs://new' }]],
  ])('Cloud Storage: %j', (command, expected) => expectEffects(command, expected));

  it('a command over ssh is analysed as it would run there; a session is unknown', () => {
    expect(shapesOf('gcloud compute ssh vm-1 --zone z --command "rm -rf /var/lib/data"')).toContainEqual(expect.objectContaining({ operation: 'delete', address: 'gcloud:vm-1:/var/lib/data', destroysData: true }));
    expect(shapesOf('gcloud compute ssh vm-1').map((s) => s.operation)).toEqual(['unknown']);
    expect(shapesOf('gcloud sql connect main --user postgres').map((s) => s.operation)).toEqual(['unknown']);
    expect(shapesOf("az vm run-command invoke -g rg -n vm --command-id RunShellScript --scripts 'rm -rf /data'")).toContainEqual(expect.objectContaining({ operation: 'delete', destroysData: true }));
  });

  it('a group or verb only known at run time is unknown', () => {
    for (const command of ['gcloud $CMD instances delete db', 'gcloud sql instances $VERB db', 'az $GROUP delete -n x']) {
      expect(shapesOf(command).map((s) => s.operation), command).toEqual(['unknown']);
    }
  });

  it('settings of the CLI itself are reversible local changes', () => {
    expect(shapesOf('gcloud config set project shop-prod')).toEqual([{ operation: 'update', kind: 'gcloud.config', address: 'config set project shop-prod', reversible: true, destroysData: false, environmentWide: false }]);
    expect(shapesOf('az account set -s shop-prod')[0]).toMatchObject({ operation: 'update', kind: 'azure.config', reversible: true });
    expect(shapesOf('az login')[0]).toMatchObject({ operation: 'update', reversible: true });
  });

  it.each(['gcloud compute instances list', 'gcloud projects describe p', 'gcloud beta run services list', 'gcloud storage ls gs://b', 'gcloud auth list', 'az vm show -n x -g rg', 'az vm list', 'az account get-access-token', 'az account show', 'gsutil ls gs://b', 'gsutil -m du -s gs://b', 'gcloud --help'])(
    '%j only reads',
    (command) => {
      expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
    },
  );

  it('the project and subscription name the environment; ids and numbers do not', () => {
    expect(namesOf('gcloud sql instances delete db --project shop-prod')).toEqual(['shop-prod']);
    expect(namesOf('gcloud --project=shop-prod sql instances list')).toEqual(['shop-prod']);
    expect(namesOf('CLOUDSDK_CORE_PROJECT=shop-prod gcloud sql instances delete db')).toEqual(['shop-prod']);
    expect(namesOf('az vm list --subscription shop-production')).toEqual(['shop-production']);
    expect(namesOf('gcloud compute instances list --project 123456789012')).toEqual([]);
    expect(namesOf('az vm list --subscription 5a6b7c8d-0000-4000-8000-1234567890ab')).toEqual([]);
  });

  it('the project being deleted is the environment', () => {
    expect(namesOf('gcloud projects delete shop-prod --quiet')).toEqual(['shop-prod']);
  });

  it('a resource group names the environment only when it looks like production', () => {
    expect(namesOf('az vm delete -n vm -g rg-shop-prod')).toEqual(['rg-shop-prod']);
    expect(namesOf('az group delete -n rg-shop-prod --yes')).toEqual(['rg-shop-prod']);
    expect(namesOf('az vm delete -n vm -g rg-web')).toEqual([]);
  });
});

describe('pulumi', () => {
  const URN = 'urn:pulumi:prod::shop::aws:rds/instance:Instance::orders-db';

  it.each<Case>([
    ['pulumi destroy --yes', [{ operation: 'delete', kind: 'pulumi.stack', address: '(current stack)', destroysData: true, environmentWide: true }]],
    ['pulumi -s prod destroy --yes', [{ operation: 'delete', kind: 'pulumi.stack', address: 'prod', environmentWide: true }]],
    ['pulumi --cwd infra destroy -y', [{ operation: 'delete', kind: 'pulumi.stack', environmentWide: true }]],
    ['pulumi stack rm prod --yes', [{ operation: 'delete', kind: 'pulumi.stack-state', address: 'prod', destroysData: true, environmentWide: true }]],
    ['pulumi stack rm --force -s acme/shop/prod', [{ operation: 'delete', kind: 'pulumi.stack-state', address: 'acme/shop/prod', environmentWide: true }]],
    [`pulumi destroy --target ${URN} --yes`, [{ operation: 'delete', kind: 'pulumi.aws:rds/instance:Instance', address: 'aws:rds/instance:Instance::orders-db', destroysData: true, environmentWide: false }]],
    [`pulumi up --replace ${URN} --yes`, [{ operation: 'replace', address: 'aws:rds/instance:Instance::orders-db', destroysData: true }, { operation: 'execute', kind: 'pulumi.stack' }]],
    ['pulumi up --yes', [{ operation: 'execute', kind: 'pulumi.stack', reversible: false }]],
    ['pulumi update -s dev', [{ operation: 'execute', kind: 'pulumi.stack', address: 'dev', reversible: false }]],
    ['pulumi refresh --yes', [{ operation: 'update', kind: 'pulumi.stack-state', reversible: false }]],
    ['pulumi cancel prod --yes', [{ operation: 'update', kind: 'pulumi.stack', address: 'prod', reversible: false }]],
    [`pulumi state delete ${URN}`, [{ operation: 'delete', address: 'aws:rds/instance:Instance::orders-db', destroysData: false, reversible: false, environmentWide: false }]],
    ['pulumi state delete --all --yes', [{ operation: 'delete', kind: 'pulumi.stack-state', environmentWide: true }]],
    [`pulumi state unprotect ${URN}`, [{ operation: 'update', address: 'aws:rds/instance:Instance::orders-db', reversible: true }]],
    ['pulumi stack import --file state.json', [{ operation: 'update', kind: 'pulumi.stack-state', reversible: false }]],
    ['pulumi config set aws:region eu-west-1', [{ operation: 'update', kind: 'pulumi.config', reversible: true }]],
    ['pulumi env rm acme/prod-secrets --yes', [{ operation: 'delete', kind: 'pulumi.environment', destroysData: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['pulumi down -y', 'pulumi dn -y', 'pulumi down --yes -s prod', 'pulumi -s prod dn --yes --skip-preview'])('%j is pulumi destroy (its alias)', (command) => {
    expect(shapesOf(command)).toEqual([expect.objectContaining({ operation: 'delete', kind: 'pulumi.stack', destroysData: true, environmentWide: true, reversible: false })]);
  });

  it('aliases keep --target and --preview-only', () => {
    expect(shapesOf(`pulumi dn --target ${URN} -y`)).toEqual([expect.objectContaining({ operation: 'delete', address: 'aws:rds/instance:Instance::orders-db', environmentWide: false })]);
    expect(shapesOf('pulumi down --preview-only').map((s) => s.operation)).toEqual(['read']);
    expect(shapesOf('pulumi pre -s prod').map((s) => s.operation)).toEqual(['read']);
  });

  it.each(['pulumi stack rm prod --yes', 'pulumi stack remove prod --yes', 'pulumi stack delete prod -y'])('%j removes the stack with its state', (command) => {
    expect(shapesOf(command)).toEqual([{ operation: 'delete', kind: 'pulumi.stack-state', address: 'prod', reversible: false, destroysData: true, environmentWide: true }]);
  });

  it('a stack or state verb Airlock does not know is not a read', () => {
    for (const command of ['pulumi stack schedule new --stack prod', 'pulumi stack webhook rm hook', 'pulumi state eject bucket', 'pulumi state reprotect']) {
      expect(shapesOf(command).map((s) => [s.operation, s.reversible]), command).toEqual([['update', false]]);
    }
    for (const command of ['pulumi stack', 'pulumi stack ls', 'pulumi stack history', 'pulumi stack select prod', 'pulumi state get urn']) {
      expect(shapesOf(command).map((s) => s.operation), command).toEqual(['read']);
    }
  });

  it('without a preview, an update is unknown: no one sees what it changes', () => {
    for (const command of ['pulumi up --yes --skip-preview', 'pulumi up -f -y', 'pulumi watch', 'pulumi $SUB --yes']) {
      expect(shapesOf(command).map((s) => s.operation), command).toEqual(['unknown']);
    }
    expect(summaryOf('pulumi up --yes')).toMatch(/submit `pulumi preview --json`/);
  });

  it('login, plugins and dependencies change only this machine', () => {
    expect(shapesOf('pulumi login s3://acme-pulumi-state')[0]).toMatchObject({ operation: 'update', kind: 'pulumi.config', reversible: true });
    expect(shapesOf('pulumi plugin install resource aws 6.50.0')[0]).toMatchObject({ operation: 'update', reversible: true });
  });

  it.each(['pulumi plugin ls', 'pulumi preview', 'pulumi preview --json -s prod', 'pulumi destroy --preview-only --json', 'pulumi refresh --preview-only', 'pulumi stack ls', 'pulumi stack output -s prod', 'pulumi config', 'pulumi whoami', 'pulumi version'])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });

  it('names the stack by its last part, and -C its directory', () => {
    expect(namesOf('pulumi up -s acme/web/prod --yes')).toEqual(['prod']);
    expect(namesOf('pulumi --stack=staging up --yes')).toEqual(['staging']);
    expect(analyzeCommand('pulumi -C infra/prod destroy --yes').hints.paths).toContain('/srv/app/infra/prod');
  });
});

describe('cdk', () => {
  it('an option value is not a stack name', () => {
    expect(shapesOf('cdk destroy --profile prod --force')).toEqual([{ operation: 'delete', kind: 'aws.cloudformation.stack', address: '(every stack in the app)', reversible: false, destroysData: true, environmentWide: true }]);
    expect(analyzeCommand('cdk destroy --profile prod ShopStack').hints.awsProfiles).toEqual(['prod']);
    expect(shapesOf('cdk destroy ShopStack')[0]).toMatchObject({ address: 'ShopStack', environmentWide: false });
  });
});

describe('docker', () => {
  it.each<Case>([
    ['docker system prune -a --volumes', [{ operation: 'delete', kind: 'docker.volume', destroysData: true }]],
    ['docker volume rm pgdata', [{ operation: 'delete', kind: 'docker.volume', address: 'pgdata', destroysData: true }]],
    ['docker volume prune -a -f', [{ operation: 'delete', kind: 'docker.volume', destroysData: true }]],
    ['docker compose down -v', [{ operation: 'delete', kind: 'docker.compose-project', destroysData: true, reversible: false }]],
    ['docker compose -f prod.yml -p shop down --volumes', [{ operation: 'delete', kind: 'docker.compose-project', address: 'shop', destroysData: true }]],
    ['docker-compose --project-name shop down -v', [{ operation: 'delete', kind: 'docker.compose-project', address: 'shop', destroysData: true }]],
    ['docker compose down', [{ operation: 'delete', kind: 'docker.compose-project', destroysData: false, reversible: false }]],
    ['docker rm -f web', [{ operation: 'delete', kind: 'docker.container', address: 'web', reversible: false, destroysData: false }]],
    ['docker rm -fv db', [{ operation: 'delete', kind: 'docker.container', address: 'db', destroysData: false }]],
    ['docker container prune -f', [{ operation: 'delete', kind: 'docker.container' }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it('compose down stops what the project serves', () => {
    expect(analyzeCommand('docker compose down').effects[0]?.outage).toBe(true);
  });

  it('compose down removes every container of the project: not undone by recreating them, no data lost without -v', () => {
    expect(shapesOf('docker compose down')).toEqual([{ operation: 'delete', kind: 'docker.compose-project', address: '.', reversible: false, destroysData: false, environmentWide: false }]);
    expect(summaryOf('docker compose -p shop down')).toMatch(/every container of the compose project shop \(its volumes are kept/);
  });

  it('pruning images cannot be undone, though no data is lost; removing one named image can', () => {
    for (const command of ['docker image prune -af', 'docker image prune', 'docker image prune --all --force']) {
      expect(shapesOf(command), command).toEqual([{ operation: 'delete', kind: 'docker.image', address: '*', reversible: false, destroysData: false, environmentWide: false }]);
    }
    expect(summaryOf('docker image prune -af')).toMatch(/every image no container uses/);
    expect(shapesOf('docker rmi web:old')[0]).toMatchObject({ reversible: true });
  });

  it.each<Case>([
    ['docker run -v /:/host alpine rm -rf /host/data', [{ operation: 'execute', kind: 'docker.container', address: 'alpine', reversible: false }, { operation: 'delete', address: 'container:alpine:/host/data', destroysData: true }]],
    ['docker run --rm -it -v /srv:/srv:rw alpine sh -c "rm -rf /srv/app"', [{ operation: 'execute', kind: 'docker.container', reversible: false }, { operation: 'delete', address: 'container:alpine:/srv/app', destroysData: true }]],
    ['docker run -itv /:/host alpine rm -rf /host/data', [{ operation: 'delete', address: 'container:alpine:/host/data', destroysData: true }]],
    ['docker run --volume=/var/lib/postgresql:/data alpine true', [{ operation: 'execute', kind: 'docker.container', reversible: false }]],
    ['docker run --mount type=bind,source=/,target=/host alpine rm -rf /host/etc', [{ operation: 'delete', address: 'container:alpine:/host/etc', destroysData: true }]],
    ['docker container run -v pgdata:/var/lib/postgresql/data alpine rm -rf /var/lib/postgresql/data', [{ operation: 'execute', reversible: false }, { operation: 'delete', destroysData: true }]],
    ['docker run --volumes-from db alpine rm -rf /var/lib/mysql', [{ operation: 'execute', reversible: false }, { operation: 'delete', destroysData: true }]],
    ['docker run --privileged alpine mkfs.ext4 /dev/sda', [{ operation: 'execute', reversible: false }]],
    ['docker run -v /:/host --entrypoint rm alpine -rf /host/data', [{ operation: 'delete', address: 'container:alpine:/host/data', destroysData: true }]],
    ['podman run -v /:/host alpine rm -rf /host/data', [{ operation: 'delete', destroysData: true }]],
  ])('%j reaches this machine through what it mounts', (command, expected) => expectEffects(command, expected));

  it('the mount is named in the summary; without a command the image’s own runs unseen', () => {
    expect(summaryOf('docker run -v /:/host alpine rm -rf /host/data')).toMatch(/the host's \/ mounted read-write at \/host/);
    expect(summaryOf('docker run -d -v pgdata:/var/lib/postgresql/data postgres:16')).toMatch(/the volume pgdata .*its command is the image's own/);
  });

  it('a container without writable mounts stays a reversible run', () => {
    for (const command of ['docker run --rm alpine echo hi', 'docker run -v /etc:/etc:ro alpine cat /etc/hosts', 'docker run --mount type=bind,src=/etc,dst=/etc,readonly alpine ls', 'docker run -v /scratch alpine rm -rf /scratch', 'docker run -e A=1 -p 8080:80 nginx']) {
      expect(shapesOf(command).map((s) => [s.operation, s.reversible]), command).toEqual([['execute', true]]);
    }
  });

  it('a context or host that looks like production names the environment; a local one does not', () => {
    expect(namesOf('docker --context prod-eu volume rm pgdata')).toEqual(['prod-eu']);
    expect(namesOf('DOCKER_HOST=ssh://deploy@prod-db-1 docker volume rm pgdata')).toEqual(['ssh://deploy@prod-db-1']);
    expect(namesOf('docker --context desktop-linux volume rm pgdata')).toEqual([]);
  });

  it.each(['docker ps', 'docker compose ps', 'docker-compose logs', 'docker volume ls'])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });
});

/**
 * The same intent in several spellings — options before or after the operands, `--flag=value` or
 * `--flag value`, confirmation flags, global options before the command group, release tracks and
 * aliases — must come out as the same effect, so none of them can slip through where the plain one
 * is stopped.
 */
describe('evasive spellings of cloud deletes', () => {
  const SAME_INTENT: Array<[intent: string, expected: Partial<EffectShape>, spellings: string[]]> = [
    [
      'delete a Cloud SQL instance in prod-123',
      { operation: 'delete', kind: 'gcloud.sql.instances', address: 'db', destroysData: true, reversible: false },
      [
        'gcloud sql instances delete db --project=prod-123',
        'gcloud --project=prod-123 sql instances delete db',
        'gcloud --project prod-123 sql instances delete db',
        'gcloud sql instances delete --project prod-123 db',
        'gcloud sql instances delete db -q --project prod-123',
        'gcloud --quiet sql instances delete db --project=prod-123',
        'gcloud beta sql instances delete db --project=prod-123',
        'gcloud alpha sql instances delete --quiet db --project prod-123',
        'gcloud --verbosity=error --format json sql instances delete db --project prod-123 --async',
      ],
    ],
    [
      'delete a resource group',
      { operation: 'delete', kind: 'azure.group', address: 'rg', destroysData: true, environmentWide: true },
      [
        'az group delete -n rg --yes --no-wait',
        'az group delete --name rg -y',
        'az group delete --name=rg --yes',
        'az group delete --yes --no-wait -n rg',
        'az group delete -g rg --yes',
        'az group delete --resource-group rg --yes',
        'az --subscription prod-sub group delete -n rg -y',
        'az group delete -n rg --subscription=prod-sub --yes --output none',
      ],
    ],
    [
      'delete every object of an S3 bucket',
      { operation: 'delete', kind: 'aws.s3', address: 's3://b', destroysData: true },
      ['aws --profile prod s3 rm s3://b --recursive', 'aws s3 rm --recursive s3://b --profile prod', 'aws s3 rm s3://b --profile=prod --recursive', 'aws --profile=prod s3 rm --recursive s3://b --quiet', 'aws s3 rm s3://b --recursive --exclude "*.keep"'],
    ],
    [
      'delete every object of a Cloud Storage bucket',
      { operation: 'delete', destroysData: true },
      ['gcloud storage rm -r gs://b', 'gcloud storage rm --recursive gs://b', 'gcloud storage rm gs://b --recursive', 'gcloud alpha storage rm -r gs://b', 'gsutil rm -r gs://b', 'gsutil -m rm -r gs://b', 'gsutil -m rm -rf gs://b'],
    ],
    [
      'delete an RDS instance without a snapshot',
      { operation: 'delete', kind: 'aws.rds', address: 'db', destroysData: true },
      [
        'aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot',
        'aws rds delete-db-instance --skip-final-snapshot --db-instance-identifier db',
        'aws rds delete-db-instance --db-instance-identifier=db --skip-final-snapshot',
        'aws --region eu-west-1 rds delete-db-instance --db-instance-identifier db --skip-final-snapshot --profile prod',
      ],
    ],
    [
      'destroy the whole Pulumi stack',
      { operation: 'delete', kind: 'pulumi.stack', destroysData: true, environmentWide: true },
      ['pulumi destroy --yes', 'pulumi destroy -y', 'pulumi -s prod destroy --yes', 'pulumi destroy --stack=prod -y', 'pulumi --cwd infra destroy --yes --skip-preview', 'pulumi destroy -f -y', 'pulumi -C infra --non-interactive destroy --yes', 'pulumi down -y', 'pulumi dn -y', 'pulumi -s prod down --yes'],
    ],
    [
      'delete a Docker volume',
      { operation: 'delete', kind: 'docker.volume', address: 'pgdata', destroysData: true },
      ['docker volume rm pgdata', 'docker volume remove pgdata', 'docker volume rm -f pgdata', 'podman volume rm pgdata', 'docker --context prod volume rm pgdata', 'docker -H ssh://prod volume rm --force pgdata'],
    ],
    [
      'remove a container',
      { operation: 'delete', kind: 'docker.container', address: 'web', reversible: false },
      ['docker rm -f web', 'docker container rm -f web', 'docker rm web --force', 'docker container rm --force web', 'podman rm -f web'],
    ],
    [
      'take a compose project down with its volumes',
      { operation: 'delete', kind: 'docker.compose-project', destroysData: true },
      ['docker compose down -v', 'docker compose down --volumes', 'docker compose -f prod.yml down -v', 'docker compose --file=prod.yml down -v', 'docker-compose down -v', 'docker compose down -v --remove-orphans', 'docker compose down --rmi all -v'],
    ],
    [
      'prune everything unused, volumes included',
      { operation: 'delete', kind: 'docker.volume', destroysData: true },
      ['docker system prune -a --volumes', 'docker system prune --volumes -a -f', 'docker system prune -af --volumes', 'docker volume prune -a'],
    ],
  ];

  describe.each(SAME_INTENT)('%s', (_intent, expected, spellings) => {
    it.each(spellings)('%j', (command) => {
      expect(shapesOf(command), command).toContainEqual(expect.objectContaining(expected));
    });
  });

  it('the project in any spelling names the environment', () => {
    for (const command of SAME_INTENT[0]![2]) expect(namesOf(command), command).toEqual(['prod-123']);
  });
});
