import { describe, expect, it } from 'vitest';
import { getoptLong, matchLongOption } from '../../../src/parser/getopt.js';
import { optionTable } from '../../../src/parser/option-table.js';

const table = optionTable('22.05');
const parse = (...argv: string[]) => getoptLong(argv, table);
const pairs = (...argv: string[]) => parse(...argv).occurrences.map((o) => [o.spec.long, o.value]);

describe('getopt_long as sbatch runs it', () => {
  it('reads --name=value, --name value, -Xvalue and -X value', () => {
    expect(pairs('--job-name=a', '--time', '11', '-Jb', '-N', '2')).toEqual([
      ['job-name', 'a'],
      ['time', '11'],
      ['job-name', 'b'],
      ['nodes', '2'],
    ]);
  });

  it('takes the next argument as a required value even when it starts with -', () => {
    expect(pairs('--job-name', '-t', '5')).toEqual([['job-name', '-t']]);
    expect(parse('--job-name', '-t', '5').stopIndex).toBe(2);
  });

  it('passes =2 as the value of a short option', () => {
    expect(pairs('-N=2')).toEqual([['nodes', '=2']]);
    expect(pairs('-J=eq')).toEqual([['job-name', '=eq']]);
  });

  it('reads clustered flags and a value at the end of a cluster', () => {
    expect(pairs('-HO')).toEqual([
      ['hold', undefined],
      ['overcommit', undefined],
    ]);
    expect(pairs('-HJname')).toEqual([
      ['hold', undefined],
      ['job-name', 'name'],
    ]);
  });

  it('accepts unambiguous prefixes and prefers an exact name', () => {
    expect(matchLongOption(table, 'job-n').spec?.long).toBe('job-name');
    expect(matchLongOption(table, 'mem-per-c').spec?.long).toBe('mem-per-cpu');
    expect(matchLongOption(table, 'time-m').spec?.long).toBe('time-min');
    expect(matchLongOption(table, 'nodel').spec?.long).toBe('nodelist');
    expect(matchLongOption(table, 'tasks').spec?.long).toBe('tasks-per-node');
    expect(matchLongOption(table, 'time').spec?.long).toBe('time');
    expect(matchLongOption(table, 'mem').spec?.long).toBe('mem');
  });

  it('refuses ambiguous prefixes with glibc message', () => {
    for (const name of ['ti', 'tim', 'node', 'mem-per']) {
      expect(matchLongOption(table, name).ambiguous?.length ?? 0).toBeGreaterThan(1);
    }
    const error = parse('--mem-per=100').errors[0];
    expect(error?.code).toBe('ambiguous-option');
    expect(error?.message).toBe("option '--mem-per=100' is ambiguous; possibilities: '--mem-per-cpu' '--mem-per-gpu'");
  });

  it('reports glibc messages for unknown options, missing and unexpected arguments', () => {
    expect(parse('--foo=1').errors[0]?.message).toBe("unrecognized option '--foo=1'");
    expect(parse('-X').errors[0]?.message).toBe("invalid option -- 'X'");
    expect(parse('-J').errors[0]?.message).toBe("option requires an argument -- 'J'");
    expect(parse('--time').errors[0]?.message).toBe("option '--time' requires an argument");
    expect(parse('--hold=1').errors[0]?.message).toBe("option '--hold' doesn't allow an argument");
  });

  it('takes an optional argument only when attached', () => {
    expect(pairs('--exclusive=user')).toEqual([['exclusive', 'user']]);
    const separate = parse('--exclusive', 'user');
    expect(separate.occurrences.map((o) => o.value)).toEqual([undefined]);
    expect(separate.stopIndex).toBe(1);
    expect(pairs('-koff', '-k')).toEqual([
      ['no-kill', 'off'],
      ['no-kill', undefined],
    ]);
  });

  it('stops at the first non-option and after --', () => {
    expect(parse('-J', 'x', 'foo', '-t', '5').stopIndex).toBe(2);
    const dashed = parse('-J', 'x', '--', '-t', '5');
    expect(dashed.stopIndex).toBe(3);
    expect(dashed.doubleDashIndex).toBe(2);
  });

  it('knows options by release', () => {
    expect(optionTable('22.05').byLong.has('tres-per-task')).toBe(false);
    expect(optionTable('23.02').byLong.has('tres-per-task')).toBe(true);
    expect(optionTable('22.05').byLong.has('power')).toBe(true);
    expect(optionTable('23.02').byLong.has('power')).toBe(false);
    expect(optionTable('22.05').byLong.get('get-user-env')?.arg).toBe('optional');
    expect(optionTable('24.11').byLong.get('get-user-env')?.arg).toBe('optional');
    expect(optionTable('25.11').byLong.get('requeue')?.arg).toBe('optional');
  });
});
