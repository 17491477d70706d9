import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf } from './shell-test-kit.js';

const deleted = (command: string, context?: Parameters<typeof shapesOf>[1]): string[] =>
  shapesOf(command, context)
    .filter((shape) => shape.operation === 'delete')
    .map((shape) => shape.address);

describe('working directory', () => {
  it.each([
    ['cd /srv/prod && rm -rf data', ['/srv/prod/data']],
    ['cd /srv/prod; rm -rf data', ['/srv/prod/data']],
    ['cd /srv/prod\nrm -rf data', ['/srv/prod/data']],
    ['cd sub && rm -rf data', ['/srv/app/sub/data']],
    ['cd .. && rm -rf data', ['/srv/data']],
    ['cd /a && cd b && rm x', ['/a/b/x']],
    ['cd /srv/prod || exit 1; rm -rf data', ['/srv/prod/data']],
    ['(cd /tmp && rm -rf x); rm -rf y', ['/tmp/x', '/srv/app/y']],
    ['cd /tmp | true; rm -rf y', ['/srv/app/y']],
    ['{ cd /tmp; }; rm -rf y', ['/tmp/y']],
    ['pushd /opt && rm -rf cache', ['/opt/cache']],
    ['cd && rm -rf x', ['~/x']],
    ['cd ~/projects && rm -rf x', ['~/projects/x']],
    ['cd "$DIR" && rm -rf data', ['$DIR/data']],
    ['cd - && rm -rf data', ['$OLDPWD/data']],
    ['if [ -d /x ]; then cd /x; fi; rm -rf data', ['$PWD/data']],
    ['sudo -D /var rm -rf log', ['/var/log']],
  ])('%j deletes %j', (command, addresses) => {
    expect(deleted(command)).toEqual(addresses);
  });

  it('resolves against the start directory only when it is known', () => {
    expect(deleted('rm -rf data', {})).toEqual(['./data']);
    expect(deleted('cd sub && rm -rf data', {})).toEqual(['./sub/data']);
    expect(deleted('cd /abs && rm -rf data', {})).toEqual(['/abs/data']);
  });

  it('makes every path after a dynamic cd dynamic', () => {
    const effect = analyzeCommand('cd "$(mktemp -d)" && rm -rf build').effects.find((e) => e.operation === 'delete');
    expect(effect?.summary).toMatch(/only known at run time/);
  });

  it('reports the directory of cd and -chdir as a path hint', () => {
    expect(analyzeCommand('cd /srv/prod && ls').hints.paths).toEqual(['/srv/prod']);
    expect(analyzeCommand('cd envs/prod && terraform plan').hints.paths).toEqual(['/srv/app/envs/prod']);
    expect(analyzeCommand('cd "$X" && ls').hints.paths).toBeUndefined();
  });
});

describe('structure', () => {
  it.each([
    ['a pipeline', 'ls | rm -rf x'],
    ['a list', 'true && rm -rf x || echo failed'],
    ['a background job', 'rm -rf x &'],
    ['a subshell', '(rm -rf x)'],
    ['a group', '{ rm -rf x; }'],
    ['an if body', 'if true; then rm -rf x; fi'],
    ['an if condition', 'if rm -rf x; then :; fi'],
    ['an elif', 'if false; then :; elif true; then rm -rf x; fi'],
    ['an else', 'if false; then :; else rm -rf x; fi'],
    ['a while loop', 'while true; do rm -rf x; done'],
    ['an until loop', 'until false; do rm -rf x; done'],
    ['a for loop', 'for i in 1 2; do rm -rf x; done'],
    ['a C-style for loop', 'for ((i=0; i<2; i++)); do rm -rf x; done'],
    ['a case item', 'case $1 in a) rm -rf x;; esac'],
    ['a negation', '! rm -rf x'],
    ['a function body', 'f() { rm -rf x; }; f'],
    ['a function keyword', 'function f { rm -rf x; }; f'],
    ['a command substitution', 'echo $(rm -rf x)'],
    ['backticks', 'echo `rm -rf x`'],
    ['a quoted substitution', 'echo "$(rm -rf x)"'],
    ['an assignment', 'y=$(rm -rf x)'],
    ['an exported assignment', 'export Y=$(rm -rf x)'],
    ['a local assignment', 'f() { local y=$(rm -rf x); }; f'],
    ['a process substitution', 'diff <(rm -rf x) y'],
    ['an output process substitution', 'ls > >(rm -rf x)'],
    ['a parameter default', 'echo ${Y:-$(rm -rf x)}'],
    ['an arithmetic expansion', 'echo $(( $(rm -rf x) + 1 ))'],
    ['a test expression', '[[ -z $(rm -rf x) ]]'],
    ['a redirect target', 'echo hi > "$(rm -rf x)"'],
    ['a compound redirect target', '{ echo hi; } > "$(rm -rf x)"'],
    ['a timed function', 'f() { rm -rf x; }; time f'],
    ['a here-document', 'cat <<EOF\n$(rm -rf x)\nEOF'],
    ['a here-string', 'cat <<< "$(rm -rf x)"'],
    ['a for list', 'for i in $(rm -rf x); do :; done'],
    ['a case subject', 'case $(rm -rf x) in *) ;; esac'],
    ['a heredoc followed by a pipe', 'cat <<EOF | grep a\nhi\nEOF\nrm -rf x'],
    ['a heredoc followed by &&', 'cat <<EOF && rm -rf x\nhi\nEOF'],
  ])('finds a delete inside %s', (_name, command) => {
    expect(deleted(command)).toContain('/srv/app/x');
  });

  it('does not run a function that is only defined', () => {
    expect(deleted('cleanup() { rm -rf x; }')).toEqual([]);
  });

  it('does not run a quoted here-document', () => {
    expect(deleted("cat <<'EOF'\n$(rm -rf x)\nEOF")).toEqual([]);
  });

  it('follows a recursive function once', () => {
    expect(deleted('f() { rm -rf x; f; }; f')).toEqual(['/srv/app/x']);
  });

  it('notes how a nested command was reached', () => {
    const effect = analyzeCommand("bash -c \"sudo rm -rf /x\"").effects[0];
    expect(effect?.evidence).toBe('sudo rm -rf /x (inside bash -c, via sudo)');
  });

  it('keeps evidence to the simple command', () => {
    const effects = analyzeCommand('ls -la && rm -rf build; echo done').effects;
    expect(effects.map((effect) => effect.evidence)).toEqual(['ls -la', 'rm -rf build', 'echo done']);
  });
});

describe('hints from variables', () => {
  it('reads AWS_PROFILE and TF_WORKSPACE set before a command or earlier in the script', () => {
    expect(analyzeCommand('AWS_PROFILE=prod aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('export AWS_PROFILE=prod\naws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('TF_WORKSPACE=prod terraform plan').hints.terraformWorkspaces).toEqual(['prod']);
    expect(analyzeCommand('export TF_WORKSPACE=stage; terraform destroy').hints.terraformWorkspaces).toEqual(['stage']);
  });

  it('ignores variables that do not exist as conventions (KUBECONTEXT)', () => {
    expect(analyzeCommand('KUBECONTEXT=prod kubectl get pods').hints.kubeContexts).toBeUndefined();
  });

  it('treats ~ as the new HOME after HOME is reassigned', () => {
    expect(deleted('HOME=/; rm -rf ~')).toEqual(['/']);
    expect(deleted('HOME=$X; rm -rf ~/data')).toEqual(['$HOME/data']);
  });
});
