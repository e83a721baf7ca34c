import { describe, expect, it } from 'vitest';
import type { ValueContext } from '../../../src/parser/values/context.js';
import { compressHostlist, countHostlist, expandHostlist, parseHostfile, parseNodeFile, parseNodeSelection } from '../../../src/parser/values/hostlist.js';

const ctx: ValueContext = { release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') };

function names(text: string): string[] {
  const parsed = expandHostlist(text);
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  return parsed.value;
}

describe('expandHostlist', () => {
  it.each([
    ['n[1-3,5]', ['n1', 'n2', 'n3', 'n5']],
    ['gpu[01-04]', ['gpu01', 'gpu02', 'gpu03', 'gpu04']],
    ['n[1-3,5],gpu[01-02]', ['n1', 'n2', 'n3', 'n5', 'gpu01', 'gpu02']],
    ['n[001-3]', ['n001', 'n002', 'n003']],
    ['n[8-11]', ['n8', 'n9', 'n10', 'n11']],
    ['n[3,1]', ['n3', 'n1']],
    ['rack[1-2]n[1-2]', ['rack1n1', 'rack1n2', 'rack2n1', 'rack2n2']],
    ['rack[1-2]_n[1]', ['rack1_n1', 'rack2_n1']],
    ['a b\tc', ['a', 'b', 'c']],
    ['vm,vm', ['vm', 'vm']],
    ['n[1-]', ['n1']],
    ['n[1a-3]', ['n01', 'n02', 'n03']],
    ['n[1-3', ['n]']],
    ['[1-3', ['1-3']],
    ['', []],
  ])('expands %s as Slurm’s hostlist does', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each(['v[m]', 'n[3-1]', 'n[1-2]x', 'n[1-[2-3]]', 'n[a-b]', 'vm[]', 'n[1x2]', 'n[--1]', 'n[0-65536]'])('cannot read %s, which sbatch refuses for -w [V]', (text) => {
    const parsed = expandHostlist(text);
    expect(!parsed.ok && parsed.problems[0]?.code).toBe('invalid-hostlist');
  });

  it('counts without expanding past the limit', () => {
    expect(countHostlist('n[1-60000],m[1-60000]')).toEqual({ ok: true, value: 120000, notes: [] });
    const parsed = expandHostlist('n[1-60000],m[1-60000]', 100000);
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ code: 'hostlist-too-large', message: expect.stringContaining('120000') });
    expect(expandHostlist('n[1-65536]').ok).toBe(true);
  });
});

describe('compressHostlist', () => {
  it.each([
    [['n1', 'n2'], 'n[1-2]'],
    [['n1'], 'n1'],
    [['vm'], 'vm'],
    [['n1', 'n2', 'n4'], 'n[1-2,4]'],
    [['n1', 'n2', 'm1'], 'n[1-2],m1'],
    [['n1', 'n3'], 'n[1,3]'],
    [['a', 'b'], 'a,b'],
    [['gpu01', 'gpu02', 'gpu03'], 'gpu[01-03]'],
    [['n9', 'n10'], 'n[9-10]'],
    [['n09', 'n10'], 'n[09-10]'],
    [['n99', 'n100'], 'n[99-100]'],
    [['n9', 'n010'], 'n[9,010]'],
    [['n2', 'n1'], 'n[2,1]'],
    [['n1', 'n01'], 'n[1,01]'],
    [['n1', 'm1', 'n2'], 'n1,m1,n2'],
    [[], ''],
  ])('compresses %j as Slurm prints it: %s', (list, expected) => {
    expect(compressHostlist(list)).toBe(expected);
  });

  it('round-trips the examples', () => {
    for (const text of ['n[1-3,5],gpu[01-04]', 'n[1-2]', 'a,b,c', 'node[0001-0128]']) {
      expect(compressHostlist(names(text))).toBe(text);
    }
  });
});

describe('parseNodeSelection', () => {
  it('counts unique hosts for the 22.05 -w/-N rule [V: -w vm,vm gives 1 node]', () => {
    expect(parseNodeSelection('vm,vm', ctx, 'nodelist')).toMatchObject({ ok: true, value: { kind: 'hosts', count: 2, uniqueCount: 1, hosts: ['vm', 'vm'] } });
  });

  it('takes a value with a slash as a file it cannot read [V: -w ./nofile read as a file]', () => {
    expect(parseNodeSelection('./nofile', ctx, 'nodelist')).toEqual({ ok: true, value: { kind: 'file', path: './nofile' }, notes: [] });
    expect(parseNodeSelection('/etc/hosts.txt', ctx, 'exclude')).toEqual({ ok: true, value: { kind: 'file', path: '/etc/hosts.txt' }, notes: [] });
  });

  it('refuses a malformed list, quoting the error of each option [V]', () => {
    const w = parseNodeSelection('n[3-1]', ctx, 'nodelist');
    expect(!w.ok && w.problems[0]).toMatchObject({ code: 'invalid-hostlist', refusedBySbatch: true, message: expect.stringContaining('memory allocation failure') });
    const x = parseNodeSelection('n[3-1]', ctx, 'exclude');
    expect(!x.ok && x.problems[0]?.message).toContain('Invalid node name specified');
  });

  it('accepts names the cluster may not have [V: refused only by a cluster without them]', () => {
    expect(parseNodeSelection('n[1-2],m[01-02]', ctx, 'nodelist')).toMatchObject({ ok: true, value: { uniqueCount: 4 } });
  });

  it('does not list the names of a huge list', () => {
    expect(parseNodeSelection('n[1-60000],m[1-60000]', ctx, 'exclude')).toMatchObject({ ok: true, value: { count: 120000, hosts: null } });
  });
});

describe('node files', () => {
  it('keeps the path of -F [V: the file is read by sbatch]', () => {
    expect(parseNodeFile('/tmp/hosts')).toEqual({ ok: true, value: { kind: 'file', path: '/tmp/hosts' }, notes: [] });
  });

  it('reads host file contents as slurm_read_hostfile does', () => {
    expect(parseHostfile('n1,n2\n# comment\nn3*2 # two tasks\nx\\#y\n')).toEqual({ ok: true, value: ['n1', 'n2', 'n3', 'n3', 'x#y'], notes: [] });
  });

  it('refuses an empty or malformed host file', () => {
    expect(parseHostfile('# nothing\n').ok).toBe(false);
    expect(parseHostfile(' n1\n').ok).toBe(false);
  });
});
