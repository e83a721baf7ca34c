import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
  loopback: boolean;
}

const LISTEN_HINT = 'give HOST:PORT, e.g. --listen 127.0.0.1:8787 (port 0 picks a free one; IPv6 as [::1]:8787)';

/** `127.0.0.1:8787`, `localhost:0`, `[::1]:8787`, `0.0.0.0:8787`: a literal address (or localhost) and a port. */
export function parseListenAddress(text: string): ListenAddress | { problem: string; hint: string } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return { problem: `--listen ${text}: not HOST:PORT`, hint: LISTEN_HINT };
  const named = (match[1] ?? match[2] ?? '').toLowerCase();
  const host = named === 'localhost' ? '127.0.0.1' : named;
  const port = Number(match[3]);
  if (port > 65_535) return { problem: `--listen ${text}: port ${port} is above 65535`, hint: LISTEN_HINT };
  const family = isIP(host);
  if (family === 0) return { problem: `--listen ${text}: ${named} is not an IP address`, hint: LISTEN_HINT };
  const loopback = family === 4 ? host.startsWith('127.') : host === '::1' || /^::ffff:127\./.test(host);
  return { host, port, loopback };
}

/** The URL a client uses: IPv6 addresses in brackets. */
export const listenUrl = (host: string, port: number) => `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
