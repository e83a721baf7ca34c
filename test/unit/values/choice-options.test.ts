import { describe, expect, it } from 'vitest';
import {
  parseExclusive,
  parseGresFlags,
  parseKillOnInvalidDep,
  parseNoKill,
  parseOomKillStep,
  parseOpenMode,
  parseRequeue,
  parseWaitAllNodes,
} from '../../../src/parser/values/choice-options.js';
import { accepted, context, noteCodes, refused, release } from './helpers.js';

const ctx = context();

describe('parseExclusive', () => {
  it.each([
    // slurm-semantics.md §3.11; observed on Slurm 22.05.8 (OverSubscribe=)
    [undefined, 'exclusive'],
    ['', 'exclusive'],
    ['Exclusive', 'exclusive'],
    ['USER', 'user'],
    ['mcs', 'mcs'],
    ['oversubscribe', 'oversubscribe'],
  ])('--exclusive=%s is %s', (value, mode) => {
    expect(accepted(parseExclusive(value, ctx))).toBe(mode);
  });

  it('knows topo from 24.05 and allocation only in 26.11', () => {
    // §3.11 [V]: 22.05 rejects topo
    expect(refused(parseExclusive('topo', ctx), 'invalid-exclusive').message).toContain('Invalid --exclusive specification');
    expect(accepted(parseExclusive('topo', release('24.05')))).toBe('topo');
    refused(parseExclusive('allocation', release('25.11')), 'invalid-exclusive');
    expect(accepted(parseExclusive('allocation', release('26.11')))).toBe('allocation');
    refused(parseExclusive('bogus', release('26.11')), 'invalid-exclusive');
  });
});

describe('parseOpenMode', () => {
  it('looks at the first letter only', () => {
    // oracle/scontrol-samples/open-mode_append.sbatch; observed on Slurm 22.05.8
    expect(accepted(parseOpenMode('append'))).toBe('append');
    expect(accepted(parseOpenMode('A'))).toBe('append');
    expect(accepted(parseOpenMode('truncate'))).toBe('truncate');
    expect(accepted(parseOpenMode('T'))).toBe('truncate');
    expect(accepted(parseOpenMode('again'))).toBe('append');
    expect(noteCodes(parseOpenMode('again'))).toEqual(['open-mode-first-letter']);
    refused(parseOpenMode('x'), 'invalid-open-mode');
    refused(parseOpenMode(''), 'invalid-open-mode');
  });
});

describe('parseNoKill', () => {
  it('takes nothing or set for on, off or no for off', () => {
    // observed on Slurm 22.05.8 (-k, --no-kill=…, -kfoo)
    expect(accepted(parseNoKill(undefined))).toBe(true);
    expect(accepted(parseNoKill(''))).toBe(true);
    expect(accepted(parseNoKill('SET'))).toBe(true);
    expect(accepted(parseNoKill('off'))).toBe(false);
    expect(accepted(parseNoKill('no'))).toBe(false);
    expect(refused(parseNoKill('yes'), 'invalid-no-kill').message).toContain('Invalid --no-kill specification');
    refused(parseNoKill('foo'), 'invalid-no-kill');
  });
});

describe('parseKillOnInvalidDep', () => {
  it('takes yes or no in any case', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parseKillOnInvalidDep('yes'))).toBe(true);
    expect(accepted(parseKillOnInvalidDep('YES'))).toBe(true);
    expect(accepted(parseKillOnInvalidDep('no'))).toBe(false);
    for (const value of ['Y', '', '1']) refused(parseKillOnInvalidDep(value), 'invalid-kill-on-invalid-dep');
  });
});

describe('parseRequeue', () => {
  it('takes no argument before 25.11 and expedite from then on', () => {
    expect(accepted(parseRequeue(undefined, ctx))).toBe('requeue');
    // §3.11 [V]: 22.05 says --requeue doesn't allow an argument
    expect(refused(parseRequeue('expedite', ctx), 'unexpected-argument').message).toContain("doesn't allow an argument");
    expect(accepted(parseRequeue('expedite', release('25.11')))).toBe('expedite');
    refused(parseRequeue('later', release('25.11')), 'invalid-requeue');
  });
});

describe('parseWaitAllNodes', () => {
  it('takes 0 or 1, seen through parse_int and a 16-bit field', () => {
    // §3.11 [V] (2 refused); observed on Slurm 22.05.8
    expect(accepted(parseWaitAllNodes('0'))).toBe(0);
    expect(accepted(parseWaitAllNodes('1'))).toBe(1);
    expect(accepted(parseWaitAllNodes(' 1'))).toBe(1);
    expect(accepted(parseWaitAllNodes(''))).toBe(0);
    expect(accepted(parseWaitAllNodes('65537'))).toBe(1);
    expect(noteCodes(parseWaitAllNodes('65536'))).toEqual(['number-overflow']);
    expect(refused(parseWaitAllNodes('2'), 'invalid-wait-all-nodes').message).toContain('Invalid --wait-all-nodes specification');
    expect(refused(parseWaitAllNodes('-1'), 'invalid-number').message).toContain('Invalid numeric value "-1" for --wait-all-nodes.');
  });
});

describe('parseOomKillStep', () => {
  it('means 1 without a value and takes 0 or 1', () => {
    expect(accepted(parseOomKillStep(undefined))).toBe(1);
    expect(accepted(parseOomKillStep('0'))).toBe(0);
    expect(accepted(parseOomKillStep('1'))).toBe(1);
    refused(parseOomKillStep('2'), 'invalid-oom-kill-step');
    refused(parseOomKillStep('yes'), 'invalid-oom-kill-step');
  });
});

describe('parseGresFlags', () => {
  it('takes exactly one binding flag in 22.05', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parseGresFlags('enforce-binding', ctx))).toEqual(['enforce-binding']);
    expect(accepted(parseGresFlags('Enforce-Binding', ctx))).toEqual(['enforce-binding']);
    expect(accepted(parseGresFlags('disable-binding', ctx))).toEqual(['disable-binding']);
    for (const value of ['disable-binding,enforce-binding', '', 'foo', 'one-task-per-sharing']) {
      expect(refused(parseGresFlags(value, ctx), 'invalid-gres-flags').message).toContain('Invalid --gres-flags specification');
    }
  });

  it('takes a comma list with the sharing flags later on', () => {
    const later = release('24.05');
    expect(accepted(parseGresFlags('enforce-binding,one-task-per-sharing', later))).toEqual(['enforce-binding', 'one-task-per-sharing']);
    expect(noteCodes(parseGresFlags('one-task-per-sharing', later))).toEqual(['gres-flags-cluster-setting']);
    expect(refused(parseGresFlags('disable-binding,enforce-binding', later)).message).toContain('mutually exclusive');
    expect(refused(parseGresFlags('one-task-per-sharing,multiple-tasks-per-sharing', later)).message).toContain('mutually exclusive');
    expect(refused(parseGresFlags('allow-task-sharing', later)).message).toContain('only used with srun');
    refused(parseGresFlags('foo', later), 'invalid-gres-flags');
  });
});
