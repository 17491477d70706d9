import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { AirlockError } from '../../errors/index.js';
import { parseJson, readAll, formatBytes } from '../../intake/read-input.js';
import { CHANGE_KINDS, type ChangeKind } from '../../model/vocabulary.js';
import { write, type CliIo } from '../cli-io.js';
import { addChangeOptions, parsePositiveInt, resolveChangeOptions, type ChangeOptions } from '../common-options.js';
import { EXIT_CODE_BY_DECISION } from '../exit-codes.js';

interface CheckOptions extends ChangeOptions {
  json?: boolean;
  verbose?: boolean;
  maxInputBytes: number;
}

/** Terraform plans above this are refused unless --max-input-bytes says otherwise. */
const DEFAULT_MAX_PLAN_BYTES = 32 * 1024 * 1024;

export function registerCheck(program: Command, io: CliIo): void {
  const check = program
    .command('check')
    .description('decide on one proposed change: allow (exit 0), deny (exit 2) or ask (exit 3); 1 on bad input')
    .addHelpText('after', '\nEvery check is recorded in the audit log (AIRLOCK_HOME, default ~/.airlock).');

  const shared = (command: Command) =>
    addChangeOptions(command)
      .option('--json', 'print one JSON object instead of the explanation')
      .option('-v, --verbose', 'list every effect and dependent')
      .option('--max-input-bytes <n>', 'refuse inputs larger than this', parsePositiveInt('--max-input-bytes'), DEFAULT_MAX_PLAN_BYTES);

  shared(check.command('shell <command>').description('a shell command, e.g. airlock check shell "terraform destroy -auto-approve"')).action(
    async (command: string, options: CheckOptions) => {
      await runCheck(io, 'shell', { command }, options);
    },
  );

  shared(check.command('sql [statements]').description('SQL, e.g. airlock check sql "DROP TABLE customers CASCADE" --env prod'))
    .addOption(new Option('--dialect <dialect>', 'which SQL').choices(['postgresql', 'mysql', 'sqlite']).default('postgresql'))
    .option('--database <name>', 'the database the statements run in')
    .option('-f, --file <path>', 'read the SQL from a file, or - for stdin (for SQL that starts with a -- comment)')
    .action(async (statements: string | undefined, options: CheckOptions & { dialect: string; database?: string; file?: string }) => {
      if ((statements === undefined) === (options.file === undefined)) {
        throw new AirlockError('invalid_input', statements === undefined ? 'no SQL given' : 'give the SQL as an argument or with --file, not both', {
          hint: "airlock check sql 'DROP TABLE x' --env prod, or --file script.sql (--file - reads stdin; use it for SQL that begins with --)",
        });
      }
      const sql = statements ?? (await readPlan(io, options.file!, options.maxInputBytes));
      await runCheck(io, 'sql', { sql, dialect: options.dialect, ...(options.database ? { database: options.database } : {}) }, options);
    });

  shared(
    check
      .command('payload <kind> <file>')
      .description(`any kind's payload as JSON, a file or - for stdin (${CHANGE_KINDS.join(', ')}); e.g. the JSON of \`aws cloudformation describe-change-set\` as {"changeSet": …}`),
  ).action(async (kind: string, path: string, options: CheckOptions) => {
    if (!(CHANGE_KINDS as readonly string[]).includes(kind)) {
      throw new AirlockError('invalid_input', `unknown change kind ${kind}`, { hint: `one of ${CHANGE_KINDS.join(', ')}` });
    }
    const text = await readPlan(io, path, options.maxInputBytes);
    await runCheck(io, kind as ChangeKind, parseJson(text, `payload ${path === '-' ? '(stdin)' : path}`), options);
  });

  shared(check.command('terraform <plan>').description('a plan: the JSON of `terraform show -json PLANFILE` (or `tofu show -json`), a file or - for stdin')).action(
    async (planPath: string, options: CheckOptions) => {
      const text = await readPlan(io, planPath, options.maxInputBytes);
      await runCheck(io, 'terraform', { plan: parseJson(text, `plan ${planPath === '-' ? '(stdin)' : planPath}`) }, options);
    },
  );
}

async function readPlan(io: CliIo, path: string, maxBytes: number): Promise<string> {
  if (path === '-') return readAll(io.stdin, maxBytes, 'plan on stdin');
  const absolute = resolve(io.cwd, path);
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch (cause) {
    throw new AirlockError('invalid_input', `cannot read ${absolute}`, { cause, hint: 'check the path; use - to read from stdin' });
  }
  if (size > maxBytes) {
    throw new AirlockError('input_too_large', `${path} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} limit`, {
      hint: 'raise the limit with --max-input-bytes if this input is genuine',
    });
  }
  return readAll(createReadStream(absolute), maxBytes, path);
}

async function runCheck(io: CliIo, kind: ChangeKind, payload: unknown, options: CheckOptions): Promise<void> {
  const common = resolveChangeOptions(options, io, 'cli');
  // Loaded here, not at the top: `airlock hook` shares this module graph and must start light.
  const { openRuntime } = await import('../../pipeline/index.js');
  const { checkJson } = await import('../render/check-json.js');
  const { explain } = await import('../render/explain.js');
  const runtime = await openRuntime({ cwd: io.cwd, env: io.env, configPath: common.configPath });
  try {
    const result = await runtime.pipeline.check({
      kind,
      source: 'cli',
      agent: common.agent,
      payload,
      target: { cwd: io.cwd, ...(common.environment ? { environment: common.environment } : {}) },
      ...(common.autonomy ? { autonomy: common.autonomy } : {}),
    });
    if (options.json) write(io.stdout, JSON.stringify(checkJson(result), null, 2));
    else write(io.stdout, explain(result, { color: Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'], verbose: options.verbose }));
    io.exitCode = EXIT_CODE_BY_DECISION[result.decision.enforced];
  } finally {
    await runtime.close();
  }
}
