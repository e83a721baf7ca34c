import { describe, expect, it } from 'vitest';
import { parseNodeCount } from '../../../src/parser/values/node-count.js';
import { accepted, context, noteCodes, refused, release } from './helpers.js';

const ctx = context();

describe('parseNodeCount (-N, verify_node_count)', () => {
  it.each([
    // slurm-semantics.md §3.3 [V] and oracle/sbatch-cli/bad_nodes_2.txt
    ['2', { min: 2, max: 2 }],
    ['-3', { min: 1, max: 3 }],
    ['1k', { min: 1024, max: 1024 }],
    ['0', { min: 0, max: null }],
    ['2-4', { min: 2, max: 4 }],
    // observed on Slurm 22.05.8 (NumNodes=)
    ['5-0', { min: 5, max: null }],
    [' 3', { min: 3, max: 3 }],
    ['3 ', { min: 3, max: 3 }],
    ['+3', { min: 3, max: 3 }],
    ['1K', { min: 1024, max: 1024 }],
    ['2-1k', { min: 2, max: 1024 }],
    ['1-1', { min: 1, max: 1 }],
    ['2147483647', { min: 2147483647, max: 2147483647 }],
  ])('-N %s is %o', (value, count) => {
    expect(accepted(parseNodeCount(value, ctx))).toEqual(count);
  });

  it.each([
    // §3.3 [V], oracle/sbatch-cli/bad_nodes_text.txt, and observed on Slurm 22.05.8
    ['x', '"x" is not a valid node count'],
    ['2,3', '"2,3" is not a valid node count'],
    ['k', '"k" is not a valid node count'],
    ['3km', '"3km" is not a valid node count'],
    ['2048m', '"2048m" is not a valid node count'],
    ['2147483648', '"2147483648" is not a valid node count'],
    ['0x3', '"0x3" is not a valid node count'],
    ['1-2-3', '"2-3" is not a valid node count'],
    ['2-', 'Maximum node count -1 is less than minimum node count 2'],
    ['-', 'Maximum node count -1 is less than minimum node count 1'],
    ['0-', 'Maximum node count -1 is less than minimum node count 0'],
    ['3-2', 'Maximum node count 2 is less than minimum node count 3'],
  ])('refuses -N %s: %s', (value, message) => {
    expect(refused(parseNodeCount(value, ctx), 'invalid-node-count').message).toContain(message);
  });

  it('keeps the 32-bit count Slurm ends up with, and says so', () => {
    // observed on Slurm 22.05.8: NumNodes=0 and NumNodes=2-2
    expect(accepted(parseNodeCount('4096m', ctx))).toEqual({ min: 0, max: null });
    expect(accepted(parseNodeCount('4294967298', ctx))).toEqual({ min: 2, max: 2 });
    expect(noteCodes(parseNodeCount('4096m', ctx))).toEqual(['node-count-overflow']);
    expect(noteCodes(parseNodeCount('4', ctx))).toEqual([]);
  });

  it('accepts size lists from 23.02 only', () => {
    refused(parseNodeCount('1,4,8', ctx), 'invalid-node-count');
    expect(accepted(parseNodeCount('1,4,8', release('23.02')))).toEqual({ min: 1, max: 8, sizes: [1, 4, 8] });
    expect(accepted(parseNodeCount('1-15:4', release('24.05')))).toEqual({ min: 1, max: 13, sizes: [1, 5, 9, 13] });
    expect(accepted(parseNodeCount('2-4', release('24.05')))).toEqual({ min: 2, max: 4 });
    refused(parseNodeCount('1,x', release('24.05')), 'invalid-node-count');
    refused(parseNodeCount('5-1:2', release('24.05')), 'invalid-node-count');
  });
});
