/**
 * `{"cidr": "10.0.0.0/24"}`: IPv4 and IPv6 networks, and whether an address lies in one. Parsed here
 * rather than with node:net, which would cost every command that reads a configuration its load time.
 */
import type { CidrBlock } from './types.js';

const BITS = { ipv4: 32, ipv6: 128 } as const;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function ipv4Number(address: string): bigint | undefined {
  if (!IPV4.test(address)) return undefined;
  return address.split('.').reduce((n, octet) => (n << 8n) | BigInt(octet), 0n);
}

/** Eight groups of up to four hex digits; one `::` stands for the missing ones; the last two may be written as IPv4. */
function ipv6Number(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string | undefined): string[] | undefined => {
    if (part === undefined || part === '') return [];
    const groups = part.split(':');
    const last = groups.at(-1) as string;
    const v4 = last.includes('.') ? ipv4Number(last) : undefined;
    if (last.includes('.') && v4 === undefined) return undefined;
    if (v4 !== undefined) groups.splice(-1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    return groups.every((g) => HEX_GROUP.test(g)) ? groups : undefined;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  // An IPv4 part may only end the address.
  if (halves.length === 2 && halves[0]?.includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].reduce((n, group) => (n << 16n) | BigInt(`0x${group}`), 0n);
}

function addressNumber(address: string): { family: CidrBlock['family']; value: bigint } | undefined {
  const v4 = ipv4Number(address);
  if (v4 !== undefined) return { family: 'ipv4', value: v4 };
  const v6 = address.includes(':') ? ipv6Number(address) : undefined;
  return v6 === undefined ? undefined : { family: 'ipv6', value: v6 };
}

/** The block, or why the text is not one. */
export function parseCidr(text: string): CidrBlock | { problem: string } {
  const parts = text.split('/');
  if (parts.length !== 2) return { problem: `"${text}" is not a network like 10.0.0.0/24: it needs exactly one "/"` };
  const [address = '', bits = ''] = parts;
  const parsed = addressNumber(address);
  if (!parsed) return { problem: `"${address}" is not an IPv4 or IPv6 address` };
  const width = BITS[parsed.family];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > width) return { problem: `"/${bits}" is not a prefix length: ${parsed.family === 'ipv4' ? 'IPv4' : 'IPv6'} takes 0 to ${width}` };
  return { family: parsed.family, network: parsed.value, prefixLength: Number(bits) };
}

export function cidrContains(block: CidrBlock, address: string): boolean {
  const parsed = addressNumber(address);
  if (parsed?.family !== block.family) return false;
  const shift = BigInt(BITS[block.family] - block.prefixLength);
  return parsed.value >> shift === block.network >> shift;
}
