import { describe, expect, it } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';

interface Options {
  env?: Record<string, string>;
  cli?: string[];
  release?: SlurmRelease;
  file?: string;
}

function analyse(body: string, options: Options = {}) {
  const text = body.startsWith('#!') || body === '' ? body : `#!/bin/bash\n${body}`;
  return analyseScript(
    { text },
    { fileName: options.file ?? 'job.sbatch', release: options.release ?? '22.05', env: options.env ?? {}, cliArgs: options.cli ?? [], now: new Date('2026-11-23T12:00:00Z') },
  );
}

const codes = (a: ReturnType<typeof analyse>) => a.diagnostics.map((d) => d.code);
const refusals = (a: ReturnType<typeof analyse>) => a.diagnostics.filter((d) => d.refusedBySbatch).map((d) => d.code);

describe('precedence (slurm-semantics §1.1)', () => {
  it('command line > SBATCH_* > #SBATCH [V]', () => {
    const env = { SBATCH_JOB_NAME: 'envname', SBATCH_TIMELIMIT: '7' };
    const fromEnv = analyse('#SBATCH -J script -t 5\ntrue\n', { env });
    expect(fromEnv.job.name).toBe('envname');
    expect(fromEnv.job.timeLimitMinutes).toBe(7);
    const fromCli = analyse('#SBATCH -J script -t 5\ntrue\n', { env, cli: ['-J', 'cli'] });
    expect(fromCli.job.name).toBe('cli');
    expect(fromCli.job.timeLimitMinutes).toBe(7);
  });

  it('an #SBATCH --mem beats SBATCH_MEM_PER_CPU [V]', () => {
    const a = analyse('#SBATCH --mem=1G\ntrue\n', { env: { SBATCH_MEM_PER_CPU: '100' } });
    expect(a.accepted).toBe(true);
    expect(a.job.components[0]?.memory).toEqual({ perNodeMiB: 1024 });
  });

  it('refuses two memory options from the script and the command line [V]', () => {
    const a = analyse('#SBATCH --mem=1G\ntrue\n', { cli: ['--mem-per-cpu=100'] });
    expect(refusals(a)).toEqual(['memory-options-exclusive']);
  });

  it('refuses two memory options set only by variables', () => {
    const a = analyse('true\n', { env: { SBATCH_MEM_PER_CPU: '100', SBATCH_MEM_PER_NODE: '1G' } });
    expect(refusals(a)).toEqual(['memory-options-exclusive']);
  });

  it('resets a flag from a variable with another value, and sets it with yes, 1 or empty', () => {
    expect(analyse('#SBATCH --overcommit\ntrue\n', { env: { SBATCH_OVERCOMMIT: 'no' } }).job.components[0]?.overcommit).toBe(false);
    for (const value of ['', 'yes', 'YES', '1']) {
      expect(analyse('true\n', { env: { SBATCH_OVERCOMMIT: value } }).job.components[0]?.overcommit).toBe(true);
    }
  });
});

describe('whole-script checks (§1.2)', () => {
  it.each([
    ['', 'empty-script'],
    [' \n\t\n', 'whitespace-only-script'],
    ['echo hi\n', 'missing-shebang'],
    ['\uFEFF#!/bin/bash\ntrue\n', 'missing-shebang'],
    ['#!/bin/bash\r\n#SBATCH -t 5\r\ntrue\r\n', 'dos-line-breaks'],
    ['#!/bin/bash\ntrue\0\n', 'nul-byte'],
  ])('%j is refused with %s [V]', (text, code) => {
    const a = analyseScript({ text }, { fileName: 'job.sbatch', env: {} });
    expect(a.accepted).toBe(false);
    expect(refusals(a)).toContain(code);
  });

  it('offers fixes for a BOM and DOS line breaks', () => {
    const bom = analyseScript({ text: '\uFEFF#!/bin/bash\n' }, { fileName: 'j', env: {} });
    expect(bom.diagnostics[0]?.fix).toEqual([{ range: { start: 0, end: 1 }, text: '' }]);
    const crlf = analyseScript({ text: '#!/bin/bash\r\ntrue\r\n' }, { fileName: 'j', env: {} });
    expect(crlf.diagnostics.find((d) => d.code === 'dos-line-breaks')?.fix).toHaveLength(2);
  });
});

describe('which lines are directives (§1.3)', () => {
  it('reads #SBATCH at column 0 only, and #SLURM with a warning [V]', () => {
    const a = analyse('#sbatch -J lower\n  #SBATCH -J indented\n# SBATCH -J spaced\n#SLURM -J slurm\ntrue\n');
    expect(a.job.name).toBe('slurm');
    expect([...codes(a)].sort()).toEqual(['ignored-directive', 'ignored-directive', 'ignored-directive', 'slurm-prefix']);
  });

  it('needs no blank after the prefix [V]', () => {
    const a = analyse('#SBATCH-J x\n#SBATCH--time=7\ntrue\n');
    expect(a.job.name).toBe('x');
    expect(a.job.timeLimitMinutes).toBe(7);
  });

  it('reads #SBATCHfoo as the token foo, an invalid directive', () => {
    const a = analyse('#SBATCHfoo\ntrue\n');
    expect(refusals(a)).toEqual(['invalid-directive']);
    expect(a.diagnostics[0]?.hint).toMatch(/space between/);
  });

  it('stops at the first command; later directives are ignored with a warning [V]', () => {
    const a = analyse('#SBATCH --job-name=before\n\n# comment\necho hi\n#SBATCH --time=99\n');
    expect(a.job.name).toBe('before');
    expect(a.job.timeLimitMinutes).toBeNull();
    expect(codes(a)).toEqual(['directive-after-command']);
  });
});

describe('parsing tokens as options (§1.4, §1.5)', () => {
  it('refuses a token starting with ":" with sbatch\'s message [V]', () => {
    // Every argument is checked, not only the first one of a line.
    expect(refusals(analyse('#SBATCH -J x :y\ntrue\n'))).toEqual(['unexpected-colon']);
    const colon = analyse('#SBATCH :x\ntrue\n', { file: 'dir/script.sbatch' });
    expect(colon.diagnostics[0]?.message).toContain('script.sbatch: line 2: Unexpected `:`');
  });

  it('refuses an unmatched quote [V]', () => {
    expect(refusals(analyse('#SBATCH --job-name="unbalanced\ntrue\n'))).toEqual(['unmatched-quote']);
  });

  it('refuses leftover words with the first one in the message [V]', () => {
    expect(analyse('#SBATCH foo\ntrue\n').diagnostics[0]?.message).toContain('Invalid directive found in batch script: foo');
    expect(analyse('#SBATCH -J x -- -t 5\ntrue\n').diagnostics[0]?.message).toContain('Invalid directive found in batch script: -t');
  });

  it('takes values from the next token, across lines too', () => {
    const a = analyse('#SBATCH --job-name spc --time 11\ntrue\n');
    expect(a.job).toMatchObject({ name: 'spc', timeLimitMinutes: 11 });
    expect(analyse('#SBATCH -J\n#SBATCH next\ntrue\n').job.name).toBe('next');
  });

  it('reads -N=2 as the value "=2" and -J=eq as the name "=eq" [V]', () => {
    expect(analyse('#SBATCH -J=eq\ntrue\n').job.name).toBe('=eq');
    expect(analyse('#SBATCH -N=2\ntrue\n').accepted).toBe(false);
  });

  it('reads clustered flags and several options on one line [V]', () => {
    const a = analyse('#SBATCH -HO\n#SBATCH -Jatt -N2 -t10\ntrue\n');
    expect(a.job).toMatchObject({ name: 'att', timeLimitMinutes: 10, hold: true });
    expect(a.job.components[0]).toMatchObject({ overcommit: true, nodes: { min: 2, max: 2 } });
  });

  it('accepts unambiguous abbreviations and refuses ambiguous ones [V]', () => {
    expect(analyse('#SBATCH --job-n=x --mem-per-c=100 --time-m=5 --nodel=n1\ntrue\n').accepted).toBe(true);
    for (const prefix of ['--ti=5', '--tim=5', '--node=1', '--mem-per=100']) {
      expect(refusals(analyse(`#SBATCH ${prefix}\ntrue\n`))).toEqual(['ambiguous-option']);
    }
  });

  it('refuses unknown options, missing values and values given to flags [V]', () => {
    expect(refusals(analyse('#SBATCH --foo=1\ntrue\n'))).toEqual(['unknown-option']);
    expect(refusals(analyse('#SBATCH -X\ntrue\n'))).toEqual(['unknown-option']);
    expect(refusals(analyse('#SBATCH --time\ntrue\n'))).toEqual(['missing-argument']);
    expect(refusals(analyse('#SBATCH --hold=1\ntrue\n'))).toEqual(['unexpected-argument']);
  });

  it('suggests the option meant by a typo, and knows options of other releases', () => {
    expect(analyse('#SBATCH --cpu-per-task=2\ntrue\n').diagnostics[0]?.hint).toContain('--cpus-per-task');
    const newer = analyse('#SBATCH --tres-per-task=cpu=2\ntrue\n');
    expect(codes(newer)).toEqual(['option-not-in-release']);
    expect(newer.diagnostics[0]?.hint).toContain('23.02');
    expect(analyse('#SBATCH --tres-per-task=cpu=2\ntrue\n', { release: '23.02' }).accepted).toBe(true);
  });

  it('explains typographic dashes and offers the ASCII form', () => {
    const a = analyse('#SBATCH \u2014time=5 \u2013N 2\ntrue\n');
    expect(codes(a)).toEqual(['unicode-dash']);
    expect(a.diagnostics[0]?.fix?.[0]?.text).toBe('--time=5');
  });

  it('ignores command-line-only options inside a script with a warning [V]', () => {
    const a = analyse('#SBATCH --wrap="echo x" -v --help -J kept\ntrue\n');
    expect(a.accepted).toBe(true);
    expect(a.job.name).toBe('kept');
    expect(codes(a)).toEqual(['ignored-in-script', 'ignored-in-script', 'ignored-in-script']);
  });

  it('drops the rest of a line after an empty token [V]', () => {
    const a = analyse('#SBATCH -t 5 "" -J x\ntrue\n');
    expect(a.job.timeLimitMinutes).toBe(5);
    expect(a.job.name).toBe('job.sbatch');
    expect(codes(a)).toEqual(['empty-argument-ends-line']);
    expect(refusals(analyse('#SBATCH -J ""\ntrue\n'))).toEqual(['missing-argument']);
  });
});

describe('repeated options (§1.6)', () => {
  it('keeps the last value [V]', () => {
    const a = analyse('#SBATCH -J a -t 5 -d afterok:1 --gres=gpu:1 --comment=x\n#SBATCH -J b -t 6 -d afterok:2 --gres=gpu:2 --comment=y\ntrue\n');
    expect(a.job).toMatchObject({ name: 'b', timeLimitMinutes: 6, comment: 'y' });
    expect(a.job.dependency?.text).toBe('afterok:2');
    expect(a.job.components[0]?.gres).toEqual([{ name: 'gpu', type: null, count: 2 }]);
  });

  it('adds up --mail-type in 22.05 and 24.11 [V] and keeps the last from 25.05', () => {
    const text = '#SBATCH --mail-type=BEGIN\n#SBATCH --mail-type=END\ntrue\n';
    expect(analyse(text).job.mail?.types.sort()).toEqual(['BEGIN', 'END']);
    expect(analyse(text, { release: '24.11' }).job.mail?.types.sort()).toEqual(['BEGIN', 'END']);
    expect(analyse(text, { release: '25.05' }).job.mail?.types).toEqual(['END']);
  });

  it('lets the later of --exclusive and --oversubscribe win in 22.05, refuses both from 23.02 [V]', () => {
    const a = analyse('#SBATCH --exclusive\n#SBATCH --oversubscribe\ntrue\n');
    expect(a.accepted).toBe(true);
    expect(a.job.components[0]).toMatchObject({ exclusive: false, oversubscribe: true });
    expect(refusals(analyse('#SBATCH --exclusive\n#SBATCH --oversubscribe\ntrue\n', { release: '23.02' }))).toEqual(['conflicting-options']);
  });
});

describe('values sbatch derives (§1.9)', () => {
  it('names the job by -J, else the script basename, else sbatch for stdin [V]', () => {
    expect(analyse('true\n', { file: 'a/b/train.sh' }).job.name).toBe('train.sh');
    expect(analyse('true\n', { file: '-' }).job.name).toBe('sbatch');
  });

  it('sets ntasks to N × ntasks-per-node in 22.05 only [V]', () => {
    expect(analyse('#SBATCH -N3 --ntasks-per-node=2\ntrue\n').job.components[0]?.ntasks).toBe(6);
    expect(analyse('#SBATCH -N3 --ntasks-per-node=2\ntrue\n', { release: '23.02' }).job.components[0]?.ntasks).toBeNull();
  });

  it("lowers the node count to the task count with sbatch's warning [V]", () => {
    const a = analyse('#SBATCH -N 6 -n 4\ntrue\n');
    expect(a.job.components[0]?.nodes).toEqual({ min: 4, max: 4 });
    expect(a.diagnostics.find((d) => d.code === 'fewer-tasks-than-nodes')?.message).toContain("can't run 4 processes on 6 nodes, setting nnodes to 4");
  });
});

describe('heterogeneous jobs (§1.10)', () => {
  it('starts a component at a hetjob line and ignores the rest of that line [V]', () => {
    const a = analyse('#SBATCH -J het -t 5\n#SBATCH hetjob -N2\n#SBATCH -n 3\ntrue\n');
    expect(a.job.components).toHaveLength(2);
    expect(a.job.components[1]?.nodes).toBeNull();
    expect(a.job.components[1]?.ntasks).toBe(3);
    expect(codes(a)).toContain('hetjob-line-options-ignored');
  });

  it('ends the line at hetjob after the first word, which then lacks its value [V]', () => {
    expect(refusals(analyse('#SBATCH -J hetjob -t 5\ntrue\n'))).toEqual(['missing-argument']);
  });
});

describe('#SPAWN directives', () => {
  it('reads every #SPAWN option', () => {
    const a = analyse(
      '#SPAWN --instance-type=g5.xlarge,g6.xlarge --region us-west-2 --spot --ami=ami-0123456789abcdef0\n' +
        '#SPAWN --ttl=36h --max-price=0.85 --iam-role=spawn-role --key-name=mine --s3-stage=s3://bucket/jobs/ --backend=ec2\ntrue\n',
    );
    expect(a.diagnostics).toEqual([]);
    expect(a.job.spawn).toEqual({
      instanceTypes: ['g5.xlarge', 'g6.xlarge'],
      region: 'us-west-2',
      spot: true,
      ami: 'ami-0123456789abcdef0',
      ttlMinutes: 2160,
      maxPrice: 0.85,
      iamRole: 'spawn-role',
      keyName: 'mine',
      s3Stage: { bucket: 'bucket', prefix: 'jobs' },
      backend: 'ec2',
    });
  });

  it('reports unknown #SPAWN options with a suggestion, without making sbatch refuse', () => {
    const a = analyse('#SPAWN --instance-typ=c7i.large --spot=maybe\ntrue\n');
    expect(a.accepted).toBe(true);
    expect(codes(a)).toEqual(['spawn-unknown-option', 'spawn-invalid-value']);
    expect(a.diagnostics[0]?.hint).toBe('did you mean --instance-type?');
  });
});

describe('the script body', () => {
  it('is kept byte for byte with its interpreter', () => {
    const text = '#!/usr/bin/env -S bash -l\n#SBATCH -t 5\ncat <<EOF\n#SBATCH not a directive\nEOF\n';
    const a = analyseScript({ text }, { fileName: 'j', env: {} });
    expect(a.job.script).toEqual({ content: text, encoding: 'utf8', interpreter: ['/usr/bin/env', '-S bash -l'], args: [] });
  });

  it('takes the script arguments after -- on the command line', () => {
    expect(analyse('true\n', { cli: ['-t', '5', '--', 'in put', '-x'] }).job.script.args).toEqual(['in put', '-x']);
  });
});
