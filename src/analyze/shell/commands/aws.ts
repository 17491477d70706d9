import { looksLikeProduction } from '../../../model/index.js';
import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { displayOf, literalOf, sliceArg, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';

/** Global options of the AWS CLI that take a value; they may come before or after the service. */
const GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set([
  'profile', 'region', 'output', 'endpoint-url', 'query', 'color', 'cli-read-timeout', 'cli-connect-timeout', 'ca-bundle',
  'cli-binary-format',
]);
const GLOBAL_FLAGS: ReadonlySet<string> = new Set([
  'no-cli-pager', 'debug', 'no-verify-ssl', 'no-paginate', 'no-sign-request', 'cli-auto-prompt', 'no-cli-auto-prompt', 'version',
]);

/** `aws s3 …` options that take a value (the rest are flags). */
const S3_WITH_VALUE: ReadonlySet<string> = new Set([
  'include', 'exclude', 'acl', 'sse', 'sse-c', 'sse-c-key', 'sse-kms-key-id', 'sse-c-copy-source', 'sse-c-copy-source-key',
  'storage-class', 'grants', 'website-redirect', 'content-type', 'cache-control', 'content-disposition', 'content-encoding',
  'content-language', 'expires', 'source-region', 'metadata', 'metadata-directive', 'expected-size', 'page-size',
  'request-payer', 'checksum-mode', 'checksum-algorithm', 'expires-in', 'index-document', 'error-document', 'copy-props',
]);

/** Services whose deletions lose stored data. */
const DATA_SERVICES: ReadonlySet<string> = new Set([
  'rds', 'dynamodb', 's3', 's3api', 's3control', 'efs', 'elasticache', 'redshift', 'redshift-serverless', 'docdb', 'neptune',
  'opensearch', 'es', 'kinesis', 'firehose', 'sqs', 'secretsmanager', 'kms', 'backup', 'glacier', 'ecr', 'logs',
  'cloudformation', 'memorydb', 'fsx', 'kafka', 'mq', 'dax', 'timestream-write', 'keyspaces', 'qldb', 'dms', 'datasync',
]);

/** The parsed parts of one AWS CLI call. */
interface AwsCall {
  readonly service: string;
  readonly operation: string;
  /** Operation options in order, each with the values that followed it. */
  readonly options: ReadonlyArray<{ readonly name: string; readonly values: readonly Arg[] }>;
  /** Positional operands after the operation (the paths of `aws s3 …`). */
  readonly operands: readonly Arg[];
  readonly profile: string | undefined;
}

function parseAws(args: readonly Arg[]): AwsCall | { dynamic: true } | { incomplete: true; profile: string | undefined } {
  const positionals: Arg[] = [];
  const options: Array<{ name: string; values: Arg[] }> = [];
  let profile: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as Arg;
    const text = literalOf(arg);
    if (text !== undefined && text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text.slice(2) : text.slice(2, eq);
      if (GLOBAL_WITH_VALUE.has(name)) {
        const value = eq === -1 ? args[i + 1] : sliceArg(arg, eq + 1);
        if (eq === -1) i += 1;
        if (name === 'profile' && value) profile = displayOf(value);
        continue;
      }
      if (GLOBAL_FLAGS.has(name)) continue;
      const values = eq === -1 ? [] : [sliceArg(arg, eq + 1)];
      // Under s3, only known options take a value; elsewhere an option's values run to the next option.
      const s3Command = literalOf(positionals[0]) === 's3' && positionals.length >= 2;
      if (eq === -1 && positionals.length >= 2) {
        while (i + 1 < args.length && !literalOf(args[i + 1])?.startsWith('--')) {
          if (s3Command && (!S3_WITH_VALUE.has(name) || values.length > 0)) break;
          values.push(args[i + 1] as Arg);
          i += 1;
        }
      }
      options.push({ name, values });
      continue;
    }
    if (positionals.length < 2 && text === undefined) return { dynamic: true };
    positionals.push(arg);
  }
  const [service, operation, ...operands] = positionals.map((arg) => arg);
  if (!service || !operation) return { incomplete: true, profile };
  return { service: literalOf(service) ?? '', operation: literalOf(operation) ?? '', options, operands, profile };
}

function option(call: AwsCall, name: string): readonly Arg[] | undefined {
  return call.options.find((o) => o.name === name)?.values;
}

function valueOf(call: AwsCall, name: string): string | undefined {
  const value = option(call, name)?.[0];
  return value === undefined ? undefined : literalOf(value);
}

/**
 * Is a boolean option on? The AWS CLI pairs each one with a `--no-` form and honours whichever
 * comes last (`--dry-run --no-dry-run` runs for real), so the last of the two decides.
 */
function has(call: AwsCall, name: string): boolean {
  let on = false;
  for (const o of call.options) {
    if (o.name === name) on = literalOf(o.values[0]) !== 'false';
    else if (o.name === `no-${name}`) on = false;
  }
  return on;
}

/** The resources an operation names: the first `--*-name`, `--*-id(s)`, `--*-identifier`, `--bucket` … value. */
function addressesOf(call: AwsCall): string[] {
  for (const { name, values } of call.options) {
    if (values.length === 0) continue;
    if (/(-name|-id|-identifier|-arn|-url)$/.test(name) || ['bucket', 'key', 'stack-name', 'table-name', 'name', 'id', 'arn', 'service', 'function'].includes(name)) {
      return [displayOf(values[0] as Arg)];
    }
    if (/-ids$|-names$|-identifiers$|-arns$/.test(name)) return values.map(displayOf);
  }
  return [call.operation];
}

type Classification = 'read' | 'delete' | 'create' | 'stop' | 'tag' | 'update' | 'execute' | 'remote-shell';

function classify(service: string, operation: string): Classification {
  if (/^(describe|list|get|head|batch-get|search|lookup|filter|estimate|preview|simulate|validate|download|view|decrypt|verify|assume-role)/.test(operation)) return 'read';
  if (['scan', 'query', 'wait', 'tail', 'help', 'get-caller-identity', 'encrypt', 'decode-authorization-message'].includes(operation)) return 'read';
  if (/^(delete|terminate|remove|deregister|purge|batch-delete|revoke|detach|disassociate)-/.test(operation) || ['schedule-key-deletion', 'disable-key', 'release-address', 'delete', 'close-account'].includes(operation)) return 'delete';
  // Applying a template replaces and deletes whatever it no longer lists, as terraform apply does.
  if (service === 'cloudformation' && ['update-stack', 'deploy', 'execute-change-set', 'update-stack-set', 'rollback-stack'].includes(operation)) return 'execute';
  if (service === 'ssm' && (operation === 'send-command' || operation === 'start-session')) return 'remote-shell';
  if (service === 'ecs' && operation === 'execute-command') return 'remote-shell';
  if (service === 'lambda' && (operation === 'invoke' || operation === 'invoke-async')) return 'execute';
  if (/^(create|run)-/.test(operation)) return 'create';
  if (/^(stop|reboot)-/.test(operation)) return 'stop';
  if (/^(tag|untag|add-tags|remove-tags)-?/.test(operation) || operation === 'tag-resource' || operation === 'untag-resource') return 'tag';
  return 'update';
}

/** Does deleting through this operation lose stored data? */
function deletesData(service: string, operation: string): boolean {
  if (DATA_SERVICES.has(service)) return true;
  if (service === 'ec2') return /volume|snapshot|image|terminate-instances/.test(operation);
  if (service === 'ssm') return /^delete-parameters?$/.test(operation);
  if (service === 'route53') return operation === 'delete-hosted-zone';
  if (service === 'cognito-idp') return /user-pool$|delete-user/.test(operation);
  return false;
}

function s3Command(call: AwsCall, ctx: CommandContext): void {
  const kind = 'aws.s3';
  const paths = call.operands.map(displayOf);
  const [first = '?', second = '?'] = paths;
  const isS3 = (path: string): boolean => path.startsWith('s3://');
  if (has(call, 'dryrun')) {
    ctx.read(`aws s3 ${call.operation} --dryrun: changes nothing`);
    return;
  }
  const filters = call.options.filter((o) => o.name === 'include' || o.name === 'exclude').map((o) => `--${o.name} ${o.values.map(displayOf).join(' ')}`);
  const filtered = filters.length > 0 ? ` (filtered by ${filters.join(' ')})` : '';
  // An object written to S3 replaces any object of the same key, as `cp` over an existing file
  // does: whether one is there (or the bucket keeps old versions) cannot be seen from here, so
  // the old content is taken to be lost (fail closed). A local destination is a file write.
  const writeTo = (destinationArg: Arg | undefined, destination: string, summary: string): void => {
    if (isS3(destination) || !destinationArg) {
      ctx.emit(effect('update', kind, destination, { reversible: false, destroysData: true, summary: `${summary}; an object already there is overwritten and its content lost unless the bucket keeps versions` }));
    } else writeFileEffect(ctx, ctx.path(destinationArg), 'overwrites');
  };
  switch (call.operation) {
    case 'ls':
    case 'presign':
      ctx.read(`aws s3 ${call.operation}: reads from S3`);
      return;
    case 'rm': {
      const recursive = has(call, 'recursive');
      ctx.emit(effect('delete', kind, first, {
        reversible: false,
        destroysData: true,
        summary: recursive ? `deletes every object under ${first}${filtered}` : `deletes the object ${first}`,
      }));
      return;
    }
    case 'rb':
      ctx.emit(effect('delete', kind, first, {
        reversible: false,
        destroysData: true,
        summary: has(call, 'force') ? `deletes every object in the bucket ${first}, then the bucket` : `deletes the bucket ${first} (S3 refuses unless it is empty)`,
      }));
      return;
    case 'mb':
      ctx.emit(effect('create', kind, first, { reversible: true, destroysData: false, summary: `creates the bucket ${first}` }));
      return;
    case 'mv':
      writeTo(call.operands[1], second, `moves ${first} to ${second}${filtered}`);
      if (isS3(first)) ctx.emit(effect('delete', kind, first, { reversible: false, destroysData: false, summary: `removes ${first} once moved to ${second}` }));
      else {
        const source = call.operands[0];
        if (source) ctx.emit(effect('delete', 'file', ctx.path(source).address, { reversible: false, destroysData: false, summary: `removes ${first} once moved to ${second}` }));
      }
      return;
    case 'sync':
      if (has(call, 'delete')) {
        ctx.emit(effect('delete', isS3(second) ? kind : 'file', isS3(second) ? second : call.operands[1] ? ctx.path(call.operands[1]).address : second, {
          reversible: false,
          destroysData: true,
          summary: `deletes everything in ${second} that is not in ${first}${filtered}`,
        }));
      }
      writeTo(call.operands[1], second, `copies ${first} to ${second}${filtered} where they differ`);
      return;
    case 'cp':
      // `aws s3 cp s3://b/k -` streams the object to standard output.
      if (second === '-') ctx.read(`aws s3 cp ${first} -: reads from S3`);
      else writeTo(call.operands[1], second, `copies ${first} to ${second}${filtered}`);
      return;
    default:
      ctx.emit(effect('update', kind, first, { reversible: true, destroysData: false, summary: `aws s3 ${call.operation} ${first}` }));
  }
}

/**
 * What a delete loses, where the operation says more than its service: whether RDS keeps a final
 * snapshot, whether Secrets Manager keeps a recovery window, and which deletes take a whole
 * environment with them (a stack, a cluster, an account).
 */
function deleteFacts(call: AwsCall, kind: string, address: string): { destroysData: boolean; environmentWide?: boolean; summary: string } {
  const { service, operation } = call;
  const plain = `aws ${service} ${operation}: deletes ${address}`;
  if (service === 'rds' && /^delete-db-(instance|cluster)$/.test(operation)) {
    const backups = has(call, 'no-delete-automated-backups') ? '' : operation === 'delete-db-instance' ? '; its automated backups go with it' : '';
    const snapshot = valueOf(call, 'final-db-snapshot-identifier');
    if (has(call, 'skip-final-snapshot')) {
      return { destroysData: true, summary: `deletes the database ${address} with --skip-final-snapshot: no final snapshot is kept, so its data is gone${backups}` };
    }
    if (snapshot) return { destroysData: false, summary: `deletes the database ${address}; the final snapshot ${snapshot} keeps its data${backups}` };
    // The CLI refuses a delete that names neither; a read replica or an Aurora member needs neither.
    return { destroysData: true, summary: `deletes the database ${address} without naming a final snapshot (--final-db-snapshot-identifier), so its data may be gone${backups}` };
  }
  if (kind === 'aws.cloudformation.stack' && operation === 'delete-stack') {
    return { destroysData: true, environmentWide: true, summary: `deletes the CloudFormation stack ${address} and every resource it created` };
  }
  if (service === 'eks' && operation === 'delete-cluster') {
    return { destroysData: true, environmentWide: true, summary: `deletes the EKS cluster ${address} and every workload, volume claim and secret in it` };
  }
  if (service === 'organizations' && (operation === 'close-account' || operation === 'delete-organization')) {
    return {
      destroysData: true,
      environmentWide: true,
      summary: operation === 'close-account' ? `closes the AWS account ${address}: every resource in it stops and is deleted after the post-closure period` : 'deletes the AWS organization',
    };
  }
  if (service === 'secretsmanager' && operation === 'delete-secret') {
    if (has(call, 'force-delete-without-recovery')) return { destroysData: true, summary: `deletes the secret ${address} at once and for good (--force-delete-without-recovery)` };
    const days = valueOf(call, 'recovery-window-in-days') ?? '30';
    return { destroysData: false, summary: `schedules the secret ${address} for deletion in ${days} days (aws secretsmanager restore-secret undoes it until then)` };
  }
  if (service === 'kms' && operation === 'schedule-key-deletion') {
    const days = valueOf(call, 'pending-window-in-days') ?? '30';
    return { destroysData: true, summary: `schedules the KMS key ${address} for deletion in ${days} days; after that, everything encrypted with it is unreadable (cancel-key-deletion undoes it until then)` };
  }
  if (service === 'ec2' && operation === 'terminate-instances') {
    return { destroysData: true, summary: `terminates ${address}: its instance-store data and every volume set to delete on termination (the root volume, by default) are lost` };
  }
  return { destroysData: deletesData(service, operation), summary: plain };
}

/** aws [global options] SERVICE OPERATION [options]. */
const aws: CommandHandler = (call, ctx) => {
  const parsed = parseAws(call.args);
  if ('dynamic' in parsed) {
    ctx.unknown('runs an AWS CLI service or operation only known at run time');
    return;
  }
  const profile = parsed.profile;
  if (profile) ctx.hint('awsProfiles', profile);
  const variableProfile = ctx.variable('AWS_PROFILE') ?? ctx.variable('AWS_DEFAULT_PROFILE');
  if (!profile && !variableProfile) ctx.need('awsProfile');
  if ('incomplete' in parsed) {
    const service = literalOf(call.args.find((arg) => !literalOf(arg)?.startsWith('-')));
    if (service === 'configure') ctx.emit(effect('update', 'aws.config', profile ?? 'default', { reversible: true, destroysData: false, summary: 'changes AWS CLI settings' }));
    else ctx.read('aws: prints help or its version');
    return;
  }
  const { service, operation } = parsed;
  if (service === 'configure') {
    if (['list', 'get', 'list-profiles', 'export-credentials'].includes(operation)) ctx.read(`aws configure ${operation}`);
    else ctx.emit(effect('update', 'aws.config', profile ?? 'default', { reversible: true, destroysData: false, summary: `aws configure ${operation}: changes AWS CLI settings` }));
    return;
  }
  if (service === 's3') {
    s3Command(parsed, ctx);
    return;
  }
  if (has(parsed, 'dry-run') || operation === 'help') {
    ctx.read(`aws ${service} ${operation}${operation === 'help' ? '' : ' --dry-run'}: changes nothing`);
    return;
  }
  const kind = service === 'cloudformation' && /stack$/.test(operation) ? 'aws.cloudformation.stack' : `aws.${service}`;
  const addresses = addressesOf(parsed);
  const classification = classify(service, operation);
  for (const address of addresses) {
    switch (classification) {
      case 'read':
        ctx.read(`aws ${service} ${operation}: reads ${address === operation ? '' : address}`.trim());
        break;
      case 'delete': {
        const facts = deleteFacts(parsed, kind, address);
        // A stack or cluster deleted whole is an environment; its name says which when it says
        // production (`shop-prod`). Other names (`web`) would make an unknown environment look mild.
        if (facts.environmentWide && looksLikeProduction(address)) ctx.hint('names', address);
        ctx.emit(effect('delete', kind, address, { reversible: false, ...facts }));
        break;
      }
      case 'create':
        ctx.emit(effect('create', kind, address, { reversible: true, destroysData: false, summary: `aws ${service} ${operation}: creates ${address}` }));
        break;
      case 'stop':
        ctx.emit(effect('update', kind, address, { reversible: false, destroysData: false, summary: `aws ${service} ${operation}: ${operation.startsWith('stop') ? 'stops' : 'reboots'} ${address}` }));
        break;
      case 'execute':
        ctx.emit(
          effect('execute', kind, address, {
            reversible: false,
            destroysData: false,
            summary:
              service === 'cloudformation'
                ? `aws cloudformation ${operation}: applies a template to ${address}; resources it no longer lists are replaced or deleted — review the change set first`
                : `aws ${service} ${operation}: runs ${address}, whose code may do anything`,
          }),
        );
        break;
      case 'tag':
        ctx.emit(effect('update', kind, address, { reversible: true, destroysData: false, summary: `aws ${service} ${operation}: changes the tags of ${address}` }));
        break;
      case 'remote-shell':
        ctx.unknown(`aws ${service} ${operation}: runs commands on remote machines; what they do is not visible here`);
        break;
      case 'update': {
        // A change to a live cloud resource has no undo in Airlock's hands; some also delete data
        // (batch writes carry DeleteRequests) or stop a service (a desired count of zero).
        const destroys = service === 'dynamodb' && (operation === 'batch-write-item' || operation === 'transact-write-items');
        const zero = ['desired-count', 'desired-capacity', 'max-size'].find((name) => valueOf(parsed, name) === '0' || /^0+$/.test(valueOf(parsed, name) ?? ''));
        const summary = destroys
          ? `aws ${service} ${operation}: writes to ${address}, and may delete items`
          : zero
            ? `aws ${service} ${operation}: sets --${zero} 0 on ${address}, which stops it (an outage until raised again)`
            : `aws ${service} ${operation}: changes ${address}`;
        ctx.emit(effect('update', kind, address, { reversible: false, destroysData: destroys, summary }));
        break;
      }
    }
  }
};

export const awsCommands: CommandTable = { aws };
