import { describe, expect, it } from 'vitest';
import { parseExtraNodeInfo } from '../../../src/parser/values/extra-node-info.js';
import { accepted, refused } from './helpers.js';

describe('parseExtraNodeInfo (-B, verify_socket_core_thread_count)', () => {
  it.each([
    // observed on Slurm 22.05.8 (ReqB:S:C:T= and Socks/Node=)
    ['2', { sockets: { min: 2, max: null }, cores: '*', threads: '*' }],
    ['2:4', { sockets: { min: 2, max: null }, cores: { min: 4, max: null }, threads: '*' }],
    ['2:4:2', { sockets: { min: 2, max: null }, cores: { min: 4, max: null }, threads: { min: 2, max: null } }],
    ['1:2:3:4', { sockets: { min: 1, max: null }, cores: { min: 2, max: null }, threads: { min: 3, max: null } }],
    ['1:2:3:x', { threads: { min: 3, max: null } }],
    ['*', { sockets: '*', cores: '*', threads: '*' }],
    ['*:*:2', { sockets: '*', cores: '*', threads: { min: 2, max: null } }],
    [':2', { sockets: '*', cores: { min: 2, max: null } }],
    ['2-4', { sockets: { min: 2, max: 4 } }],
    ['2-1', { sockets: { min: 2, max: 1 } }],
    ['1-2-3', { sockets: { min: 1, max: 2 } }],
    ['4k', { sockets: { min: 4096, max: null } }],
    ['', { sockets: '*', cores: '*', threads: '*' }],
    ['2:', { sockets: { min: 2, max: null }, cores: '*' }],
    ['*foo', { sockets: '*' }],
  ])('-B %s is %o', (value, expected) => {
    expect(accepted(parseExtraNodeInfo(value))).toMatchObject(expected);
  });

  it.each([
    // observed on Slurm 22.05.8 (exit 1)
    ['2-', 'Invalid numeric value "2-" for first arg of -B.'],
    ['1-x', 'Invalid numeric value "1-x" for first arg of -B.'],
    ['x', 'Invalid numeric value "x" for first arg of -B.'],
    ['-1', 'Invalid numeric value "-1" for first arg of -B.'],
    ['3000000000', 'Numeric argument (3000000000) to big for first arg of -B.'],
    ['2:x', 'Invalid numeric value "x" for second arg of -B.'],
    ['x'.repeat(50), `Invalid numeric value "${'x'.repeat(47)}" for first arg of -B.`],
  ])('refuses -B %s: %s', (value, message) => {
    expect(refused(parseExtraNodeInfo(value), 'invalid-extra-node-info').message).toContain(message);
  });
});
