import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr } from '../../../src/events/pattern/cidr.js';

const block = (text: string) => {
  const parsed = parseCidr(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
};

describe('cidr', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.255', true],
    ['10.0.0.0/24', '10.0.1.0', false],
    ['10.0.0.7/32', '10.0.0.7', true],
    ['2001:db8::/32', '2001:0db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::', false],
    ['::/0', '::1', true],
    ['fe80::1:2:3:4:5:6/128', 'fe80:0:1:2:3:4:5:6', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.255.0.1', true],
    ['10.0.0.0/8', '010.0.0.1', false],
  ])('%s holds %s: %s', (network, address, expected) => {
    expect(cidrContains(block(network), address)).toBe(expected);
  });

  it('reads an address exactly when node:net does', () => {
    const v6 = fc.array(fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{0,5}$/), fc.constant(''), fc.constant('1.2.3.4')), { minLength: 1, maxLength: 10 }).map((parts) => parts.join(':'));
    const v4 = fc.array(fc.oneof(fc.nat(300).map(String), fc.constant('01'), fc.constant('')), { minLength: 3, maxLength: 5 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.oneof(v6, v4, fc.ipV4(), fc.ipV6()), (address) => {
        expect('problem' in parseCidr(`${address}/0`)).toBe(isIP(address) === 0);
      }),
      { numRuns: 2000 },
    );
  });
});
