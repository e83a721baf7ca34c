/**
 * The conformance matrix: deterministic directive combinations covering every family of sbatch
 * input, each to be run through spawn-slurm and through a real sbatch and compared.
 */

export interface ConformanceCase {
  /** Unique and stable: `family/label`. */
  id: string;
  family: string;
  /** The whole script as submitted. */
  text: string;
  /** SBATCH_* (and other) variables of the submission environment. */
  env?: Record<string, string>;
  /** sbatch options given on the command line. */
  args?: string[];
  /** The script's file name (the default job name); `<n>.sbatch` when not given. */
  fileName?: string;
}

/**
 * Dependencies point at jobs that exist only once the suite runs: two held ordinary jobs and one
 * held array (indices 1-3). Cases name them by these placeholders; {@link withJobIds} fills them in.
 */
const JOB_PLACEHOLDERS = { dep: '{DEP}', dep2: '{DEP2}', arr: '{ARR}' } as const;

export type JobIds = Record<keyof typeof JOB_PLACEHOLDERS, number>;

export interface CaseContext {
  /** The oracle's MaxArraySize, for the edges of the array family. */
  maxArraySize: number;
}

/** The case with its job placeholders replaced by real job ids, everywhere they may appear. */
export function withJobIds(c: ConformanceCase, ids: JobIds): ConformanceCase {
  const fill = (text: string) => text.replaceAll(JOB_PLACEHOLDERS.dep2, String(ids.dep2)).replaceAll(JOB_PLACEHOLDERS.dep, String(ids.dep)).replaceAll(JOB_PLACEHOLDERS.arr, String(ids.arr));
  const filled: ConformanceCase = { ...c, text: fill(c.text) };
  if (c.args) filled.args = c.args.map(fill);
  if (c.env) filled.env = Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)]));
  return filled;
}

type Draft = Omit<ConformanceCase, 'id' | 'family'> & { label: string };

const SHEBANG = '#!/bin/bash\n';
const BODY = 'srun hostname\n';

/** A script whose header is one `#SBATCH` line per entry. */
function directives(...lines: string[]): string {
  return SHEBANG + lines.map((l) => `#SBATCH ${l}\n`).join('') + BODY;
}

function one(line: string, extra: Partial<Draft> = {}): Draft {
  return { label: line, text: directives(line), ...extra };
}

function timeCases(): Draft[] {
  // biome-ignore format: a packed list of values, many to a line
  const valid = ['30', '0', '1', '90', '1:30', '0:30', '0:61', '5:30', '0:0:30', '1:00:00', '1:61:00', '25:00:00', '1-0', '1-2',
    '1-2:30', '1-2:30:15', '2-', '007', 'UNLIMITED', 'infinite', 'INFINITE', '-1', '10:70', '1-24', '0:0', '00:00:01', '59:59',
    '2-00:30:00', '1-2:3', '14-00:00:00', '365-0'];
  const rejected = ['1.5', '1h', '1-2-3', '1:2:3:4', '1-:30', '5:', '1::2', 'abc', '-5', '-5:00', '1-2:3:4:5', ' 5', '+5', '1e3', '0x10'];
  return [
    ...valid.map((t) => one(`--time=${t}`)),
    ...rejected.map((t) => one(`--time=${t}`)),
    one('--time='),
    one('-t 45'),
    one('-t5'),
    one('--time-min=10 --time=30'),
    one('--time-min=45 --time=30'),
    one('--time-min=10'),
    one('--time-min=0'),
    one('--time-min=1:30 -t 2'),
    one('--time-min=abc -t 5'),
  ];
}

function memoryCases(): Draft[] {
  // biome-ignore format: a packed list of values, many to a line
  const sizes = ['100', '100M', '100m', '100MB', '1G', '1g', '1GB', '1gb', '1024K', '1025K', '1k', '2048', '0', '1T', '+100', '1.5G',
    '1.5', '-1', '1P', '100MiB', '100x', '12Q', 'G', '1Gx', '4096KB'];
  return [
    ...sizes.map((s) => one(`--mem=${s}`)),
    one('--mem-per-cpu=256M -c 2'),
    one('--mem-per-cpu=2G'),
    one('--mem-per-cpu=0'),
    one('--mem-per-cpu=1.5G'),
    one('--mem-per-gpu=8G --gpus=1'),
    one('--mem-per-gpu=4G'),
    one('--tmp=10G'),
    one('--tmp=abc'),
    one('--mem=1G --mem-per-cpu=100M'),
    one('--mem-per-cpu=1G --mem-per-gpu=1G'),
    one('--mem=1G --mem=2G'),
    { label: 'env SBATCH_MEM_PER_CPU loses to #SBATCH --mem', text: directives('--mem=1G'), env: { SBATCH_MEM_PER_CPU: '100M' } },
    { label: 'env SBATCH_MEM_PER_NODE alone', text: directives('-t 5'), env: { SBATCH_MEM_PER_NODE: '3G' } },
    { label: 'two env memory variables', text: directives('-t 5'), env: { SBATCH_MEM_PER_NODE: '1G', SBATCH_MEM_PER_CPU: '1G' } },
    { label: 'script --mem and command-line --mem-per-cpu', text: directives('--mem=1G'), args: ['--mem-per-cpu=500M'] },
    { label: 'command-line --mem beats script --mem', text: directives('--mem=1G'), args: ['--mem=3G'] },
  ];
}

function countCases(): Draft[] {
  return [
    ...['1', '2', '1-3', '0', '2-1', '2-', '-3', '1k', 'x', '2,3', '3-3', ' 2', '2 ', '1-1', '4'].map((n) => one(`--nodes=${n}`)),
    ...['4', '0', '-1', 'four', '1', '64', '2147483647', '2147483646', '4294967297'].map((n) => one(`--ntasks=${n}`)),
    one('-N 2 -n 1'),
    one('-N 4 -n 2'),
    one('-N 1-4 -n 2'),
    one('-N 2 -n 4'),
    one('--ntasks-per-node=2'),
    one('-N 2 --ntasks-per-node=2'),
    one('-N 1-2 --ntasks-per-node=2'),
    one('-N 2 -n 3 --ntasks-per-node=2'),
    one('--ntasks-per-node=0'),
    one('-c 2'),
    one('-c 0'),
    one('-n 2 -c 2'),
    one('-N 2 -c 1'),
    one('--cpus-per-task=x'),
    one('--mincpus=4'),
    one('-B 2:2'),
    one('-B 1:2:1'),
    one('-N 2 --sockets-per-node=1'),
    one('-N 1 --cores-per-socket=2'),
    one('--threads-per-core=1'),
    one('--ntasks-per-core=1 -n 2'),
    one('--ntasks-per-socket=1'),
    one('-w vm'),
    one('-N 1 -w vm'),
    one('-N 2 -w vm'),
    one('-w vm,vm'),
    one('-N 1 -w vm,vm'),
    one('--cpus-per-gpu=2 --gpus=1'),
    one('-n 2 --ntasks-per-node=1'),
    one('--distribution=arbitrary'),
    one('--distribution=arbitrary -w vm'),
    one('--distribution=cyclic'),
    one('--distribution=plane=2'),
    one('--distribution=bogus'),
    one('--ntasks-per-gpu=1 --gpus=1'),
    one('--ntasks-per-gpu=1 --ntasks-per-node=1'),
    one('--hint=nomultithread'),
    one('--hint=compute_bound --threads-per-core=1'),
    one('--hint=bogus'),
    one('--overcommit -n 4'),
    one('--use-min-nodes -N 1-2'),
    one('--spread-job'),
    one('--contiguous'),
  ];
}

function arrayCases(ctx: CaseContext): Draft[] {
  const top = ctx.maxArraySize - 1;
  // No accepted array spans the whole range: every task counts against the shared oracle's MaxJobCount.
  // biome-ignore format: a packed list of values, many to a line
  const specs = ['1-5', '0-9:3', '1,3,5-9:2%3', '1-5%2', '1,1,2', '[1-3]', '3%2,5', '1-10%0', '1-3%x', '1-3,2-4', '0', '1-7:3%2',
    '0-99:10', '5-1', '1-10:0', 'a', '-1', '1:2', 'a-b', '1-3%', '1-', '1-3:', '%2', '1,,3', '1-3%2%4', '0-20:2', '2-2', '1-x',
    `${top}`, `0-${top + 1}`, `${top + 1}`, `0-${top}:${top}`, `0-${top}:${top + 1}`, `0-10:${top + 1}`];
  return [
    ...specs.map((s) => one(`--array=${s}`)),
    one('--array=1-3 --array=5'),
    one('-a 1-4'),
    one('--array=,'),
    one('--array='),
    { label: '--array=1, 2 (space splits it)', text: directives('--array=1, 2') },
    { label: 'SBATCH_ARRAY_INX', text: directives('-t 5'), env: { SBATCH_ARRAY_INX: '2-4%1' } },
    { label: 'command-line --array', text: directives('--array=1-3'), args: ['--array=7-8'] },
  ];
}

function gresCases(): Draft[] {
  // biome-ignore format: a packed list of values, many to a line
  const gres = ['gpu:1', 'gpu', 'gpu:2', 'gpu:0', 'gpu:a100:1', 'gres/gpu:1', 'none', 'gpu:1,gpu:a100:1', 'gpu:a100', 'gpu:1k', 'gpu:-1',
    'gpu:x:y:z', 'gpu:1,gpu:1', 'gpu=2', 'mps:1', '', 'gpu:1,', ',gpu:1', 'gres/', 'gres:', 'gres:gpu:1', 'gpu:1,,gpu:a100:1', 'none,gpu:1'];
  const gpus = ['2', 'a100:2', '0', 'x', '1,a100:1', 'a100:1,v100:1'];
  return [
    ...gres.map((g) => one(`--gres=${g}`)),
    ...gpus.map((g) => one(`--gpus=${g}`)),
    one('-G 1'),
    one('--gpus-per-node=1'),
    one('--gpus-per-node=a100:2'),
    one('--gpus-per-task=1 -n 2'),
    one('--gpus-per-task=1'),
    one('--gpus-per-task=1 --gpus=2'),
    one('--gpus-per-task=a100:1 -n 2'),
    one('--gpus=1 -N 2'),
    one('--gpus=2 -N 2'),
    one('--gpus-per-socket=1'),
    one('--gpus-per-socket=1 --sockets-per-node=1'),
    one('--gres=gpu:1 --gpus=1'),
    one('--gres=gpu:a100:1 --gpus=1'),
    one('--gres=gpu:1 --gpus=a100:1'),
    one('--gres=gpu:1 --gpus-per-node=a100:1'),
    one('--gpus=1 --gpus-per-task=a100:1 -n 1'),
    one('--gres=gpu:1 --gpus-per-node=1'),
    one('--cpus-per-gpu=2'),
    one('--cpus-per-gpu=2 --gres=gpu:1'),
    one('--tres-per-task=gres/gpu=1 -n 2'),
    one('--tres-per-task=gres/gpu:a100=1 -n 2'),
    one('--tres-per-task=gres/gpu:2 --gpus=1 -n 1'),
    one('--tres-per-task=cpu=2 -n 2'),
    one('--tres-per-task=cpu=2,gres/gpu=1 -n 2'),
    one('--tres-per-task=cpu=3 -c 2 -n 2'),
    one('--gres-flags=enforce-binding --gres=gpu:1'),
    one('--gres-flags=bogus'),
    { label: 'SBATCH_GRES', text: directives('-t 5'), env: { SBATCH_GRES: 'gpu:2' } },
    { label: 'SBATCH_GPUS', text: directives('-t 5'), env: { SBATCH_GPUS: '1' } },
  ];
}

function dependencyCases(): Draft[] {
  const { dep: a, dep2: b, arr } = JOB_PLACEHOLDERS;
  const specs = [
    `afterok:${a}`,
    `afterany:${a}:${b}`,
    `afternotok:${a}`,
    `after:${a}+5`,
    `after:${a}`,
    'singleton',
    `afterok:${a},afterany:${b}`,
    `afterok:${a}?afterany:${b}`,
    `afterok:${a},afterok:${b}?afterany:${a}`,
    'afterok:999999',
    'afterany:999999',
    'afterfoo:1',
    'afterok:0',
    'afterok:',
    `AFTEROK:${a}`,
    `${a}`,
    `${a},${b}`,
    `aftercorr:${arr}`,
    `afterok:${arr}_1`,
    `afterok:${arr}_*`,
    `afterok:${arr}_[1-2]`,
    `expand:${a}`,
    `afterok:${a}junk`,
    '0',
    `afterany:${a}:${a},afternotok:${a}`,
    `afterok:${a}+10`,
    `afterburstbuffer:${a}`,
    `afterburstbufferxyz:${a}`,
    `afterok:${a}:`,
    `afterok:${a},`,
    `afterok:${a}?`,
    'afterok:abc',
    `after:${a}+0`,
    `singleton,afterok:${a}`,
    `afterok:${a}_5`,
    `afterok:${arr}_9`,
  ];
  return [
    ...specs.map((d) => one(`--dependency=${d}`)),
    one(`-d afterok:${a} -d afterany:${b}`),
    { label: 'empty dependency', text: directives('--dependency=""', '-t 5') },
    one(`--kill-on-invalid-dep=yes -d afterok:${a}`),
    one('--kill-on-invalid-dep=maybe'),
  ];
}

function timeOfDayCases(): Draft[] {
  // biome-ignore format: a packed list of values, many to a line
  const begins = ['now+60', 'now+1hour', 'now+2days', 'now+1week', 'tomorrow', 'noon', 'midnight', 'teatime', 'fika', '2030-01-01',
    '2030-01-01T10:00:30', '12/31', '123130', '12/31/30', '12.31.30', '12/31-10:00', 'uts2000000000', 'garbage', '25:00', 'now', 'today',
    'elevenses', 'now+1 week', '2020-01-01', '4:00pm', 'now-1hour', 'uts999'];
  return [
    ...begins.map((t) => one(`--begin=${t}`)),
    one('--deadline=now+1hour'),
    one('--deadline=2030-01-01'),
    one('--deadline=2020-01-01'),
    one('--deadline=garbage'),
    one('--begin=now+2hours --deadline=now+1hour'),
    one('--begin=now+1hour --deadline=now+2hours'),
    one('-t 120 --deadline=now+1hour'),
    one('-t 30 --deadline=now+1hour'),
    one('-t 59 --deadline=now+1hour'),
    one('-t 61 --deadline=now+1hour'),
    one('-t UNLIMITED --deadline=now+1hour'),
    one('--begin=now+30minutes -t 40 --deadline=now+1hour'),
    one('--begin=now+2hours -t 40 --deadline=now+3hours'),
    one('--time-min=30 -t 120 --deadline=now+1hour'),
  ];
}

function nameCases(): Draft[] {
  return [
    one('-J simple'),
    one('--job-name="my job name"'),
    one("--job-name='single quoted'"),
    one(String.raw`-J a\"b`),
    one(String.raw`-J a\#b`),
    one('-J foo#bar'),
    one('-J trail # comment'),
    one('--job-name=ab"c d"ef'),
    one('-J=eq'),
    one('-J $HOME'),
    one('-J héllo-ünïcode'),
    one(`-J ${'n'.repeat(200)}`),
    one(`-J ${'n'.repeat(1024)}`),
    one(`-J ${'n'.repeat(1025)}`),
    one(String.raw`-J a\ b`),
    one(String.raw`-J 'a\'b'`),
    one('-J "a b" -J c'),
    one('--job-name=name=with=equals'),
    one('-J ""'),
    { label: 'default name from an unusual file name', text: directives('-t 5'), fileName: 'train model.v2.slurm' },
    { label: 'default name from a .sh file', text: directives('-t 5'), fileName: 'run.sh' },
  ];
}

function outputCases(): Draft[] {
  return [
    one('-o out.log'),
    one('-o logs/%x-%j.out'),
    one('-o /tmp/abs_%j.out'),
    one('-o %A_%a.out'),
    one('-o none'),
    one('-o NONE'),
    one('-e err.log'),
    one('-o out.log -e err.log'),
    one(String.raw`-o b\\_%j.txt`),
    one('-o %%j_%j.out'),
    one('-o o_%5z_%3j.out'),
    one('-o p_%12j_%012j_%5%j_%b.out'),
    one('--array=1-3 -o q_%3A_%2a_%b_%%a.out'),
    one('-o %x_%u_%N_%n_%t_%s.out'),
    one('--chdir=/tmp -o rel.out'),
    one('-D sub -o rel.out'),
    one('-D /tmp'),
    one('-i in.txt'),
    one('--array=1-3 -o arr_%A_%a.out'),
    one('--array=1-3'),
    one('--array=1-3 -e e_%a.err'),
    one('-J nm -o %x.out'),
    one('--open-mode=append -o out.log'),
    one('--open-mode=truncate'),
    one('--open-mode=x'),
    one('-o "with space.out"'),
    one('-o %'),
    one('-o a%'),
    { label: 'SBATCH_OUTPUT and SBATCH_ERROR', text: directives('-o script.out'), env: { SBATCH_OUTPUT: 'env.out', SBATCH_ERROR: 'env.err' } },
  ];
}

function exclusiveCases(): Draft[] {
  return [
    one('--exclusive'),
    one('--exclusive=user'),
    one('--exclusive=mcs'),
    one('--exclusive=topo'),
    one('--exclusive=bogus'),
    one('--exclusive=exclusive'),
    one('--exclusive=oversubscribe'),
    one('--exclusive user'),
    one('-s'),
    one('--oversubscribe --exclusive'),
    one('--exclusive --oversubscribe'),
    { label: 'SBATCH_EXCLUSIVE=yes', text: directives('-t 5'), env: { SBATCH_EXCLUSIVE: 'yes' } },
    { label: 'SBATCH_EXCLUSIVE=user', text: directives('-t 5'), env: { SBATCH_EXCLUSIVE: 'user' } },
  ];
}

function signalCases(): Draft[] {
  const signals = ['USR1', 'SIGUSR1@120', 'B:TERM@30', 'R:10', 'BR:USR2@5', 'FOO', '10@abc', '@30', '0', '65', 'USR1@70000', 'usr1', 'b:usr1', '9', 'KILL@0', 'RB:HUP', 'X:USR1'];
  return signals.map((s) => one(`--signal=${s}`));
}

function mailCases(): Draft[] {
  const types = ['BEGIN', 'END', 'FAIL', 'ALL', 'NONE', 'BEGIN,bogus', 'bogus', 'TIME_LIMIT_80', 'ARRAY_TASKS', 'begin,end', 'INVALID_DEPEND,STAGE_OUT'];
  return [
    ...types.map((t) => one(`--mail-type=${t} --mail-user=me@example.org`)),
    { label: 'mail-type repeated', text: directives('--mail-type=BEGIN', '--mail-type=END', '--mail-user=me@example.org') },
    one('--mail-user=me@example.org'),
  ];
}

function exportCases(): Draft[] {
  return [
    ...['ALL', 'NONE', 'NIL', 'FOO=1', 'ALL,FOO=bar', '"FOO=a,b"', 'PATH', 'NONE,FOO=1'].map((e) => one(`--export=${e}`)),
    one('--export-file=/nonexistent'),
    one('--get-user-env'),
    one('--get-user-env=10L'),
    one('--get-user-env=10X'),
    { label: 'SBATCH_EXPORT', text: directives('-t 5'), env: { SBATCH_EXPORT: 'NONE' } },
  ];
}

function otherOptionCases(): Draft[] {
  return [
    one('-p debug'),
    one('-p gpu'),
    one('-p debug,gpu'),
    one('-A myproject'),
    one('-q high'),
    one('-C a100'),
    one('--constraint="intel&ib"'),
    one('--reservation=maint'),
    one('--licenses=matlab:1'),
    one('--licenses='),
    one('--comment="a comment"'),
    one('--nice=10'),
    one('--nice'),
    one('--nice=abc'),
    one('--no-requeue'),
    one('--requeue'),
    one('--requeue=expedite'),
    one('-H'),
    one('--priority=10'),
    one('--wckey=abc'),
    one('-k'),
    one('-koff'),
    one('--no-kill=bogus'),
    one('--wait-all-nodes=1'),
    one('--wait-all-nodes=2'),
    one('--propagate=STACK'),
    one('--propagate=BOGUS'),
    one('--acctg-freq=task=30'),
    one('--acctg-freq=bogus=1'),
    one('--profile=task'),
    one('--profile=bogus'),
    one('--cpu-freq=high'),
    one('--cpu-freq=bogus'),
    one('--delay-boot=10'),
    one('--switches=1@10'),
    one('--core-spec=1'),
    one('--thread-spec=1'),
    one('-S 1 --thread-spec=1'),
    one('--bb="stage_in"'),
    one('--power=level'),
    one('--mcs-label=x'),
    one('-x vm'),
    one('-x node01'),
    one('-w node01'),
    one('--parsable'),
    one('--uid=0'),
    one('--gid=0'),
    one('--network=x'),
  ];
}

function tokenizerCases(): Draft[] {
  const raw = (label: string, text: string, extra: Partial<Draft> = {}): Draft => ({ label, text, ...extra });
  return [
    raw('quoted value with spaces', SHEBANG + '#SBATCH --comment="a b c"\n' + BODY),
    raw('backslash escapes', SHEBANG + String.raw`#SBATCH -J a\\b` + '\n' + BODY),
    raw('trailing comment', SHEBANG + '#SBATCH -t 5 # five minutes\n' + BODY),
    raw('comment glued to a value', SHEBANG + '#SBATCH -t 5#comment\n' + BODY),
    raw('empty token ends the line', SHEBANG + '#SBATCH -t 5 "" -J ignored\n' + BODY),
    raw('empty token as a value', SHEBANG + "#SBATCH -J ''\n" + BODY),
    raw('hetjob mid-line', SHEBANG + '#SBATCH -J hetjob -t 5\n' + BODY),
    raw('hetjob mid-line after a complete option', SHEBANG + '#SBATCH -t 5 hetjob -J x\n' + BODY),
    raw('#SLURM prefix', SHEBANG + '#SLURM -t 5\n' + BODY),
    raw('#sbatch lower case', SHEBANG + '#sbatch -t 5\n' + BODY),
    raw('indented directive', SHEBANG + '  #SBATCH -t 5\n' + BODY),
    raw('space after hash', SHEBANG + '# SBATCH -t 5\n' + BODY),
    raw('directive after the first command', SHEBANG + '#SBATCH -J before\necho hi\n#SBATCH -t 5\n' + BODY),
    raw('no space after the prefix', SHEBANG + '#SBATCH-J glued\n' + BODY),
    raw('no space before a long option', SHEBANG + '#SBATCH--time=7\n' + BODY),
    raw('prefix glued to a word', SHEBANG + '#SBATCHfoo\n' + BODY),
    raw('tab after the prefix', SHEBANG + '#SBATCH\t--time=7\n' + BODY),
    raw('token starting with a colon', SHEBANG + '#SBATCH :foo\n' + BODY),
    raw('unmatched double quote', SHEBANG + '#SBATCH --job-name="unbalanced\n' + BODY),
    raw('unmatched single quote', SHEBANG + "#SBATCH --job-name='unbalanced\n" + BODY),
    raw('two options on one line', SHEBANG + '#SBATCH -J two -t 9\n' + BODY),
    raw('blank lines and comments between directives', SHEBANG + '\n# a comment\n#SBATCH -t 5\n\n   \n#SBATCH -J spaced\n' + BODY),
    raw('UTF-8 byte-order mark', '\uFEFF' + SHEBANG + '#SBATCH -t 5\n' + BODY),
    raw('Windows line endings', SHEBANG.replace('\n', '\r\n') + '#SBATCH -t 5\r\n' + BODY.replace('\n', '\r\n')),
    raw('no shebang', '#SBATCH -t 5\n' + BODY),
    raw('empty script', ''),
    raw('whitespace only', ' \n\t\n'),
    raw('NUL byte', SHEBANG + '#SBATCH -t 5\n' + 'echo a\0b\n'),
    raw('shebang only', '#!/bin/sh'),
    raw('no final newline', SHEBANG + '#SBATCH -t 5'),
    raw('heterogeneous job', SHEBANG + '#SBATCH -J het -t 5 -n 1\n#SBATCH hetjob\n#SBATCH -n 2 -c 1\n' + BODY),
    raw('hetjob with options on its line', SHEBANG + '#SBATCH -t 5\n#SBATCH hetjob -N2\n#SBATCH -n 1\n' + BODY),
    raw('packjob separator', SHEBANG + '#SBATCH -t 5\n#SBATCH packjob\n#SBATCH -n 1\n' + BODY),
    raw('HETJOB upper case', SHEBANG + '#SBATCH -t 5\n#SBATCH HETJOB\n#SBATCH -n 1\n' + BODY),
    raw('backslash-space in 22.05', SHEBANG + String.raw`#SBATCH --comment=a\ b` + '\n' + BODY),
    raw('quotes inside a word', SHEBANG + `#SBATCH --comment=x'y z'"w"\n` + BODY),
    raw('escaped quote inside quotes', SHEBANG + String.raw`#SBATCH --comment="a\"b"` + '\n' + BODY),
    raw('a long header of comments', SHEBANG + '#'.repeat(80) + '\n# Job: test\n# Author: someone\n' + '#'.repeat(80) + '\n#SBATCH -t 5\n' + BODY),
    raw('#PBS directives are translated', SHEBANG + '#SBATCH -J sb\n#PBS -N pbsname\n' + BODY),
    raw('#SBATCH after a here-document body', SHEBANG + 'cat <<EOF\n#SBATCH -t 5\nEOF\n'),
    raw('variable assignment ends the header', SHEBANG + 'export X=1\n#SBATCH -t 5\n' + BODY),
    raw('directive inside quotes after command', SHEBANG + '#SBATCH -J q\necho "#SBATCH -t 5"\n'),
    raw('CR in a directive value only', SHEBANG + '#SBATCH -J cr\r\n' + BODY),
    raw('vertical tab separator', SHEBANG + '#SBATCH -J vt\v-t 5\n' + BODY),
    raw('non-breaking space', SHEBANG + '#SBATCH -J nb\u00a0-t5\n' + BODY),
  ];
}

function getoptCases(): Draft[] {
  return [
    one('--job-n=abbrev'),
    one('--mem-per-c=1G'),
    one('--time-m=5 -t 10'),
    one('--nodel=vm'),
    one('--ti=5'),
    one('--tim=5'),
    one('--node=1'),
    one('--mem-per=100'),
    one('--job-name spc --time 11'),
    one('-N2'),
    one('-N=2'),
    one('-HO'),
    one('-Jatt -N1 -t10'),
    one('-J'),
    one('--time'),
    one('--hold=x'),
    one('--foo=1'),
    one('-y'),
    one('--extra=x'),
    one('--tres-per-task=gres/gpu:1'),
    one('--container-id=x'),
    one('--segment=2'),
    one('-N 1,4'),
    one('-J x -- -t 5'),
    one('--wrap="echo hi"'),
    one('-v'),
    one('--help'),
    one('--usage'),
    one('-V'),
    one('-Q'),
    one('foo'),
    one('-t 5 foo'),
    one('—time=5'),
    one('--cpu-per-task=2'),
    one('--ntask=2'),
    one('--tasks-per-node=2'),
    one('--tasks=2'),
    one('--output'),
    one('-n'),
    one('--gpus-per-t=1 -n 1'),
    one('--exc'),
    one('--exclusive=user --exclusive'),
    one('-c2 -n2'),
    one('-kHO'),
    one('-Hk'),
    one('--mail=ALL'),
    one('--comment'),
    one('---time=5'),
    one('-'),
  ];
}

function precedenceCases(): Draft[] {
  return [
    { label: 'env name and time beat the script', text: directives('-J script -t 5'), env: { SBATCH_JOB_NAME: 'envname', SBATCH_TIMELIMIT: '7' } },
    { label: 'command line beats env and script', text: directives('-J script -t 5'), env: { SBATCH_JOB_NAME: 'envname' }, args: ['-J', 'cli'] },
    { label: 'SBATCH_TIMELIMIT invalid', text: directives('-t 5'), env: { SBATCH_TIMELIMIT: 'abc' } },
    { label: 'SBATCH_PARTITION', text: directives('-t 5'), env: { SBATCH_PARTITION: 'debug' } },
    { label: 'SBATCH_EXCLUSIVE=0 resets the script', text: directives('--exclusive'), env: { SBATCH_EXCLUSIVE: '0' } },
    { label: 'SBATCH_NO_REQUEUE', text: directives('-t 5'), env: { SBATCH_NO_REQUEUE: '1' } },
    { label: 'SBATCH_REQUEUE=no resets', text: directives('--requeue'), env: { SBATCH_REQUEUE: 'no' } },
    { label: 'SBATCH_CONSTRAINT empty', text: directives('-t 5'), env: { SBATCH_CONSTRAINT: '' } },
    { label: 'SBATCH_ACCOUNT', text: directives('-t 5'), env: { SBATCH_ACCOUNT: 'envacct' } },
    { label: 'SBATCH_GPUS_PER_TASK with -n', text: directives('-n 2'), env: { SBATCH_GPUS_PER_TASK: '1' } },
    { label: 'SBATCH_SIGNAL', text: directives('-t 5'), env: { SBATCH_SIGNAL: 'B:USR1@30' } },
    { label: 'SBATCH_OPEN_MODE', text: directives('-t 5'), env: { SBATCH_OPEN_MODE: 'append' } },
    { label: 'SBATCH_QOS', text: directives('-t 5'), env: { SBATCH_QOS: 'normal' } },
    { label: 'SBATCH_MEM_PER_NODE invalid', text: directives('-t 5'), env: { SBATCH_MEM_PER_NODE: '1.5G' } },
    { label: 'SBATCH_DEBUG', text: directives('-t 5'), env: { SBATCH_DEBUG: '1' } },
    { label: 'SLURM_NTASKS is no sbatch input', text: directives('-t 5'), env: { SLURM_NTASKS: '8' } },
    { label: 'command-line -t', text: directives('-t 5'), args: ['-t', '20'] },
    { label: 'command-line -p', text: directives('-p gpu'), args: ['-p', 'debug'] },
    { label: 'command-line --time invalid', text: directives('-t 5'), args: ['--time=abc'] },
    { label: 'command-line unknown option', text: directives('-t 5'), args: ['--foo=bar'] },
    { label: 'command-line -N and -n', text: directives('-N 2'), args: ['-n', '1'] },
    { label: 'command-line --exclusive over script -s', text: directives('-s'), args: ['--exclusive'] },
    { label: 'command-line dependency', text: directives('-t 5'), args: ['--dependency=afterok:999999'] },
    { label: 'command-line mail-type adds to the script', text: directives('--mail-type=BEGIN --mail-user=me@example.org'), args: ['--mail-type=END'] },
    { label: 'command-line -o', text: directives('-o script.out'), args: ['-o', 'cli.out'] },
    { label: 'repeated options last wins', text: directives('-J first -t 5', '-J second', '--comment=one --comment=two', '-t 9') },
  ];
}

/** A small deterministic PRNG (mulberry32), so the random combinations are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments that sbatch accepts, to combine at random (several per script, on one line or several). */
function fragmentPool(): string[][] {
  return [
    ['-t 30', '-t 1-2:30', '--time=90', '-t 0:0:30', '-t UNLIMITED', '--time=2-'],
    ['--mem=4G', '--mem-per-cpu=512M', '--mem=0', '--mem=1000', '--mem-per-gpu=2G'],
    ['-N 1', '-N 2', '-N 1-2', '-n 4', '-n 1', '--ntasks-per-node=2', '-c 2', '-c 1'],
    ['--array=1-5', '--array=0-9:3%2', '--array=1,3,5', '--array=1-3%1'],
    ['--gres=gpu:1', '--gres=gpu:2', '--gpus=1', '--gpus-per-task=1', '--gpus-per-node=1'],
    [`-d afterok:${JOB_PLACEHOLDERS.dep}`, '-d singleton', `--dependency=afterany:${JOB_PLACEHOLDERS.dep}:${JOB_PLACEHOLDERS.dep2}`, '--dependency=afterok:999999'],
    ['-J train', '--job-name="a b"', "-J 'x y'", '-J job_%j'],
    ['-o out-%j.log', '-o logs/%x_%A_%a.out', '-e err.log', '-o none', '-D /tmp -o rel.log'],
    ['--exclusive', '-s', '--exclusive=user'],
    ['--signal=B:USR1@60', '--signal=TERM'],
    ['--mail-type=END,FAIL --mail-user=me@example.org', '--mail-type=ALL'],
    ['--export=NONE', '--export=ALL,X=1'],
    ['-p debug', '-A proj', '--comment="x y"', '--nice=5', '--no-requeue', '--requeue'],
    ['--begin=now+1hour', '--begin=tomorrow', '--deadline=2030-01-01'],
    ['--time-min=10', '--mincpus=2', '--tmp=1G', '-B 1:2'],
  ];
}

function randomCases(count: number): Draft[] {
  const random = prng(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const pool = fragmentPool();
  const drafts: Draft[] = [];
  for (let n = 0; n < count; n++) {
    const families = new Set<number>();
    const size = 2 + Math.floor(random() * 5);
    while (families.size < size) families.add(Math.floor(random() * pool.length));
    const fragments = [...families].map((f) => pick(pool[f] as string[]));
    const lines = random() < 0.5 ? fragments : [fragments.join(' ')];
    const draft: Draft = { label: fragments.join(' | '), text: directives(...lines) };
    const twist = random();
    if (twist < 0.15) draft.env = { SBATCH_TIMELIMIT: pick(['15', '1:00:00', '2-0']) };
    else if (twist < 0.3) draft.args = [pick(['-t', '-J']), pick(['25', 'clijob'])];
    else if (twist < 0.4) draft.env = { SBATCH_JOB_NAME: 'from-env' };
    drafts.push(draft);
  }
  return drafts;
}

/** Every case of the matrix, in a fixed order with unique ids. */
export function conformanceCases(ctx: CaseContext): ConformanceCase[] {
  const families: [string, Draft[]][] = [
    ['time', timeCases()],
    ['memory', memoryCases()],
    ['counts', countCases()],
    ['array', arrayCases(ctx)],
    ['gres', gresCases()],
    ['dependency', dependencyCases()],
    ['begin-deadline', timeOfDayCases()],
    ['name', nameCases()],
    ['output', outputCases()],
    ['exclusive', exclusiveCases()],
    ['signal', signalCases()],
    ['mail', mailCases()],
    ['export', exportCases()],
    ['options', otherOptionCases()],
    ['tokenizer', tokenizerCases()],
    ['getopt', getoptCases()],
    ['precedence', precedenceCases()],
    ['random', randomCases(80)],
  ];
  const cases: ConformanceCase[] = [];
  const seen = new Set<string>();
  for (const [family, drafts] of families) {
    for (const { label, ...rest } of drafts) {
      let id = `${family}/${label}`;
      for (let k = 2; seen.has(id); k++) id = `${family}/${label} #${k}`;
      seen.add(id);
      cases.push({ id, family, ...rest });
    }
  }
  return cases;
}
