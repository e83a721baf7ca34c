import { describe, expect, it } from 'vitest';
import { parseSignal, signalNumber } from '../../../src/parser/values/signal.js';
import { accepted, context, noteCodes, refused, release } from './helpers.js';

const ctx = context();

describe('parseSignal (--signal, get_signal_opts)', () => {
  it.each([
    // slurm-semantics.md §3.9 [V]
    ['USR1', { signal: 10, name: 'USR1', secondsBefore: 60, batchShellOnly: false, reservationOverlap: false }],
    ['SIGUSR1@120', { signal: 10, secondsBefore: 120 }],
    ['B:TERM@30', { signal: 15, secondsBefore: 30, batchShellOnly: true }],
    ['R:10', { signal: 10, reservationOverlap: true }],
    ['BR:USR2@5', { signal: 12, secondsBefore: 5, batchShellOnly: true, reservationOverlap: true }],
    // observed on Slurm 22.05.8
    ['R10', { signal: 10, reservationOverlap: true }],
    ['RB:USR1', { signal: 10, batchShellOnly: true, reservationOverlap: true }],
    ['RBR:USR1', { signal: 10, batchShellOnly: true, reservationOverlap: true }],
    ['USR1@', { signal: 10, secondsBefore: 0 }],
    ['USR1@ 5', { secondsBefore: 5 }],
    ['USR1@+5', { secondsBefore: 5 }],
    ['SIGusr1', { signal: 10 }],
    ['usr1', { signal: 10 }],
    ['USR1 ', { signal: 10 }],
    [' USR1', { signal: 10 }],
    ['r:10', { signal: 10, reservationOverlap: true }],
    ['b:term@30', { signal: 15, batchShellOnly: true, secondsBefore: 30 }],
    [':USR1', { signal: 10 }],
    ['+10', { signal: 10, name: 'USR1' }],
    ['65535', { signal: 65535, name: null }],
    ['65537', { signal: 1, name: 'HUP' }],
    ['-5', { signal: 65531 }],
    ['9999999999999999999', { signal: 65535 }],
  ])('accepts --signal=%s', (value, expected) => {
    expect(accepted(parseSignal(value, ctx))).toMatchObject(expected);
  });

  it.each([
    // §3.9 [V], oracle/sbatch-cli/bad_signal.txt (FOO@60), observed on Slurm 22.05.8
    'FOO',
    '10@abc',
    'FOO@60',
    '0',
    'B',
    'B:',
    'CHLD',
    'PIPE',
    'USR1@65536',
    'USR1@-1',
    'USR1@5x',
    'RTMIN',
    'SIG',
    'SIGSIGUSR1',
    'BUS',
    '',
  ])('refuses --signal=%s with "Invalid --signal specification"', (value) => {
    expect(refused(parseSignal(value, ctx), 'invalid-signal').message).toContain('Invalid --signal specification');
  });

  it('knows CHLD and PIPE only in later releases', () => {
    expect(accepted(parseSignal('CHLD', release('26.11'))).signal).toBe(17);
    expect(accepted(parseSignal('SIGPIPE@10', release('26.11'))).signal).toBe(13);
    expect(signalNumber('CHLD', '22.05')).toBe(0);
  });

  it('warns about signal numbers that do not exist', () => {
    expect(noteCodes(parseSignal('-5', ctx))).toEqual(['unusual-signal']);
    expect(noteCodes(parseSignal('10', ctx))).toEqual([]);
  });
});
