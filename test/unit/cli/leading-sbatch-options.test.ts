import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { declaredToolOptions, scriptNameFirst, splitLeadingSbatchOptions } from '../../../src/cli/leading-sbatch-options.js';
import { splitToolArgs, type ToolOption } from '../../../src/cli/sbatch-args.js';

// estimate's options as commander declares them: before the script, -c is --config.
const ESTIMATE = declaredToolOptions([new Option('--slurm-release <release>'), new Option('-c, --config <mapping.yaml>'), new Option('--region <region>'), new Option('--json')]);
const split = (...words: string[]) => splitLeadingSbatchOptions(words, ESTIMATE);

describe('splitLeadingSbatchOptions', () => {
  it('finds the script after sbatch options that take a value, in every spelling getopt reads', () => {
    expect(split('-t', '5', 'job.sbatch', '--json')).toEqual({ tool: [], sbatch: ['-t', '5'], script: 'job.sbatch', rest: ['--json'] });
    expect(split('-J', 'myname', '-p', 'debug', 'job.sbatch')).toEqual({ tool: [], sbatch: ['-J', 'myname', '-p', 'debug'], script: 'job.sbatch', rest: [] });
    expect(split('-t5', '-N2', '--time=9', '--mem', '4G', '--mem-per-c', '1G', 'job.sbatch').sbatch).toEqual(['-t5', '-N2', '--time=9', '--mem', '4G', '--mem-per-c', '1G']);
    expect(split('--dependency=afterok:5', '-p', 'debug', 'job.sbatch', '-N', '2')).toEqual({
      tool: [],
      sbatch: ['--dependency=afterok:5', '-p', 'debug'],
      script: 'job.sbatch',
      rest: ['-N', '2'],
    });
  });

  it('takes no value for flags and optional arguments, and lets the last letter of a cluster take one', () => {
    expect(split('-H', '--exclusive', '-k', '--requeue', 'job.sbatch')).toMatchObject({ sbatch: ['-H', '--exclusive', '-k', '--requeue'], script: 'job.sbatch' });
    expect(split('-Hv', 'job.sbatch')).toMatchObject({ sbatch: ['-Hv'], script: 'job.sbatch' });
    expect(split('-Ht', '30', 'job.sbatch')).toMatchObject({ sbatch: ['-Ht', '30'], script: 'job.sbatch' });
    expect(split('-Ht30', 'job.sbatch')).toMatchObject({ sbatch: ['-Ht30'], script: 'job.sbatch' });
  });

  it('gives a value-taking sbatch option the next word even when it looks like an option', () => {
    expect(split('-J', '--json', 'job.sbatch')).toEqual({ tool: [], sbatch: ['-J', '--json'], script: 'job.sbatch', rest: [] });
    expect(split('--job-name', '-c', 'job.sbatch')).toMatchObject({ tool: [], sbatch: ['--job-name', '-c'], script: 'job.sbatch' });
  });

  it('knows an option of another release (the parser reports it), and leaves an unknown one without a value', () => {
    expect(split('--segment', '4', 'job.sbatch')).toMatchObject({ sbatch: ['--segment', '4'], script: 'job.sbatch' });
    expect(splitLeadingSbatchOptions(['--segment', '4', 'job.sbatch'], ESTIMATE, '24.05')).toMatchObject({ script: 'job.sbatch' });
    expect(split('--bogus', 'job.sbatch', '-t', '5')).toEqual({ tool: [], sbatch: ['--bogus'], script: 'job.sbatch', rest: ['-t', '5'] });
    // An ambiguous abbreviation (--time, --time-min) takes no value: getopt refuses it and the next word is the script.
    expect(split('--ti', '7', 'job.sbatch')).toEqual({ tool: [], sbatch: ['--ti'], script: '7', rest: ['job.sbatch'] });
  });

  it("recognises the tool's own options by exact name, with their values, as commander does", () => {
    expect(split('--json', '-t', '5', '--config', 'm.yaml', 'job.sbatch')).toEqual({ tool: ['--json', '--config', 'm.yaml'], sbatch: ['-t', '5'], script: 'job.sbatch', rest: [] });
    expect(split('-c', 'm.yaml', '-cm.yaml', '--config=m.yaml', '--region=eu-west-1', 'job.sbatch').tool).toEqual(['-c', 'm.yaml', '-cm.yaml', '--config=m.yaml', '--region=eu-west-1']);
    // sbatch's -c is --cpus-per-task only where the tool has no -c.
    expect(splitLeadingSbatchOptions(['-c', '4', 'job.sbatch'], [])).toMatchObject({ tool: [], sbatch: ['-c', '4'], script: 'job.sbatch' });
    // Abbreviations are sbatch's: --js is no tool option.
    expect(split('--js', 'job.sbatch')).toMatchObject({ tool: [], sbatch: ['--js'] });
    expect(split('-h')).toEqual({ tool: ['-h'], sbatch: [], script: undefined, rest: [] });
  });

  it('reads - as standard input, -- as the end of the options, and reports a missing script', () => {
    expect(split('-t', '5', '-', '--json')).toEqual({ tool: [], sbatch: ['-t', '5'], script: '-', rest: ['--json'] });
    expect(split('-t', '5', '--', '-odd.sbatch', 'a')).toEqual({ tool: [], sbatch: ['-t', '5'], script: '-odd.sbatch', rest: ['a'] });
    expect(split('-t', '5', '--json')).toEqual({ tool: ['--json'], sbatch: ['-t', '5'], script: undefined, rest: [] });
    expect(split('-t')).toEqual({ tool: [], sbatch: ['-t'], script: undefined, rest: [] });
    expect(split()).toEqual({ tool: [], sbatch: [], script: undefined, rest: [] });
  });
});

describe('scriptNameFirst', () => {
  it('puts tool options, the script, the leading sbatch options and the rest in that order', () => {
    expect(scriptNameFirst(['-t', '5', '--json', 'job.sbatch', '-N', '2', '--', 'arg'], ESTIMATE)).toEqual(['--json', 'job.sbatch', '-t', '5', '-N', '2', '--', 'arg']);
    expect(scriptNameFirst(['job.sbatch', '-t', '5'], ESTIMATE)).toEqual(['job.sbatch', '-t', '5']);
    expect(scriptNameFirst(['--', '-odd.sbatch', '-t', '5'], ESTIMATE)).toEqual(['--', '-odd.sbatch', '-t', '5']);
    expect(scriptNameFirst(['-t', '5', '--json'], ESTIMATE)).toEqual(['--json']);
  });

  it('hands splitToolArgs the leading sbatch options unchanged, ahead of those after the script', () => {
    const afterScript: readonly ToolOption[] = [
      { long: 'json', takesValue: false },
      { long: 'config', takesValue: true },
    ];
    for (const words of [
      ['-J', '--json', '-t', '5', 'job.sbatch', '--json', '-t', '9'],
      ['--job-name', '--config', '-Hc', '4', 'job.sbatch', '--config', 'm.yaml'],
      ['--mem=4G', '-N2', 'job.sbatch'],
    ]) {
      const leading = splitLeadingSbatchOptions(words, ESTIMATE);
      const reordered = scriptNameFirst(words, ESTIMATE);
      const after = splitToolArgs(reordered.slice(reordered.indexOf('job.sbatch') + 1), afterScript);
      expect(after.sbatch.slice(0, leading.sbatch.length), words.join(' ')).toEqual(leading.sbatch);
      expect(after.sbatch.slice(leading.sbatch.length)).toEqual(splitToolArgs(leading.rest, afterScript).sbatch);
    }
  });
});

describe('declaredToolOptions', () => {
  it("reads commander's options and adds its -h/--help", () => {
    expect(declaredToolOptions([new Option('-o, --output <file>'), new Option('--cloud'), new Option('--format [f]')])).toEqual([
      { long: 'help', short: 'h', takesValue: false },
      { long: 'output', short: 'o', takesValue: true },
      { long: 'cloud', takesValue: false },
      { long: 'format', takesValue: true },
    ]);
  });
});
