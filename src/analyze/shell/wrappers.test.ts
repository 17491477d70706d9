import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf } from './shell-test-kit.js';

const DELETE_X = expect.objectContaining({ operation: 'delete', kind: 'file', address: '/srv/app/x', destroysData: true });

describe('wrappers are stripped and what they run is analysed', () => {
  it.each([
    'sudo rm -rf x',
    'sudo -u root rm -rf x',
    'sudo -E -H -n -- rm -rf x',
    'sudo -g wheel -u deploy FOO=1 rm -rf x',
    'doas rm -rf x',
    'doas -u root rm -rf x',
    'env rm -rf x',
    'env -i PATH=/bin rm -rf x',
    'env -u HOME rm -rf x',
    'env -C /srv/app rm -rf x',
    'env FOO=1 BAR=2 rm -rf x',
    "env -S 'rm -rf x'",
    'nice rm -rf x',
    'nice -n 10 rm -rf x',
    'nice -5 rm -rf x',
    'ionice -c 3 rm -rf x',
    'timeout 10 rm -rf x',
    'timeout -s KILL -k 5 30s rm -rf x',
    'nohup rm -rf x',
    'time rm -rf x',
    'time -p rm -rf x',
    'command rm -rf x',
    'builtin command rm -rf x',
    'exec rm -rf x',
    'stdbuf -oL -eL rm -rf x',
    'chrt -r 10 rm -rf x',
    'taskset -c 0 rm -rf x',
    'setsid -f rm -rf x',
    'xargs -0 -n 1 rm -rf x',
    'watch -n 5 rm -rf x',
    'watch -x rm -rf x',
    'busybox rm -rf x',
    'flock /tmp/lock rm -rf x',
    'sudo -u root env FOO=1 nice -n 5 timeout 10 rm -rf x',
  ])('%j', (command) => {
    expect(shapesOf(command)).toContainEqual(DELETE_X);
  });

  it('keeps the wrapper chain in the evidence', () => {
    const effect = analyzeCommand('sudo -u root env FOO=1 nice -n 5 timeout 10 rm -rf /srv').effects[0];
    expect(effect?.evidence).toBe('sudo -u root env FOO=1 nice -n 5 timeout 10 rm -rf /srv (via sudo, via env, via nice, via timeout)');
    expect(effect).toMatchObject({ operation: 'delete', resource: { address: '/srv' }, environmentWide: true });
  });

  it('turns xargs operands into paths read from standard input', () => {
    expect(shapesOf('ls | xargs rm -rf')).toContainEqual(expect.objectContaining({ operation: 'delete', address: '(names read from standard input)', destroysData: true }));
    expect(shapesOf('find . -name "*.tmp" -print0 | xargs -0 -I{} rm {}')).toContainEqual(expect.objectContaining({ operation: 'delete', address: '(names read from standard input)' }));
  });

  it('xargs without a command echoes: a read', () => {
    expect(shapesOf('ls | xargs').map((shape) => shape.operation)).toEqual(['read', 'read']);
  });

  it('reads sudo and env assignments as hints', () => {
    expect(analyzeCommand('sudo AWS_PROFILE=prod aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('env AWS_PROFILE=prod aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('env TF_WORKSPACE=prod terraform plan').hints.terraformWorkspaces).toEqual(['prod']);
  });

  it('runs env -C commands in that directory', () => {
    expect(shapesOf('env -C /opt/data rm -rf cache')).toContainEqual(expect.objectContaining({ operation: 'delete', address: '/opt/data/cache' }));
  });

  it('analyses nested shells inside wrappers', () => {
    expect(shapesOf("sudo bash -c 'rm -rf /var/lib/app'")).toContainEqual(expect.objectContaining({ operation: 'delete', address: '/var/lib/app' }));
    expect(shapesOf("bash -c \"bash -c 'terraform destroy -auto-approve'\"")).toContainEqual(
      expect.objectContaining({ operation: 'delete', kind: 'terraform.workspace', environmentWide: true }),
    );
  });

  it('reports wrappers with nothing to run as reads', () => {
    expect(shapesOf('env').map((shape) => shape.operation)).toEqual(['read']);
    expect(shapesOf('nice').map((shape) => shape.operation)).toEqual(['read']);
  });
});

describe('tools whose subcommand runs a command', () => {
  it.each([
    'uv run rm -rf x',
    'poetry run rm -rf x',
    'poetry -C . run rm -rf x',
    'pipenv run rm -rf x',
    'bundle exec rm -rf x',
    'pnpm exec rm -rf x',
    'npm exec -- rm -rf x',
    "npm exec -c 'rm -rf x'",
    'conda run -n base rm -rf x',
    'direnv exec . rm -rf x',
    'mise exec -- rm -rf x',
    'nix develop -c rm -rf x',
    "nix-shell --run 'rm -rf x'",
    'op run -- rm -rf x',
    'doppler run -- rm -rf x',
    'dotenv -e .env -- rm -rf x',
    'aws-vault exec prod -- rm -rf x',
    "script -qc 'rm -rf x' /dev/null",
    "sops exec-env secrets.env 'rm -rf x'",
    'screen -dmS job rm -rf x',
    'strace -f -o trace.txt rm -rf x',
    'sshpass -p pw rm -rf x',
    'faketime "2020-01-01" rm -rf x',
    'sg docker -c "rm -rf x"',
    'systemd-run --unit cleanup rm -rf x',
  ])('%j', (command) => {
    expect(shapesOf(command)).toContainEqual(DELETE_X);
  });

  it.each(['npm run build', 'uv pip install x', 'poetry install', 'bundle install'])('%j is an ordinary program run', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['execute']);
  });

  it.each(['echo "rm -rf /" | at now', 'batch < jobs.txt', 'tmux new -d "rm -rf /"', 'screen -S s -X stuff "rm -rf /"', 'parallel < commands.txt'])('%j is unknown', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toContain('unknown');
  });

  it('reads the profile of aws-vault exec', () => {
    const analysis = analyzeCommand('aws-vault exec prod -- aws s3 ls');
    expect(analysis.hints.awsProfiles).toEqual(['prod']);
    expect(analysis.needs?.awsProfile).toBeUndefined();
  });
});
