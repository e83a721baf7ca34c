import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s3ShellFunctions } from '../../../src/launch/ec2/bootstrap/s3-shell.js';
import { startFakeImds } from '../../support/fake-imds.js';
import type { FakeImds, ImdsCredentials } from '../../support/fake-imds.js';
import { startS3Server } from '../../support/s3-server/server.js';
import type { S3Credentials, S3Server, S3ServerOptions } from '../../support/s3-server/server.js';

export const BUCKET = 'spawn-test-bucket';
export const REGION = 'eu-west-3';

export function temporaryCredentials(): ImdsCredentials {
  return {
    AccessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    SecretAccessKey: randomBytes(30).toString('base64'),
    Token: randomBytes(300).toString('base64'),
    Expiration: new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export const asS3 = (c: ImdsCredentials): S3Credentials => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.Token });

export interface BashResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface World {
  imds: FakeImds;
  s3: S3Server;
  credentials: ImdsCredentials;
  dir: string;
  /** Runs `script` in bash after sourcing the rendered functions; `args` are its $1, $2, … */
  bash(script: string, args?: string[], env?: Record<string, string>): Promise<BashResult>;
  close(): Promise<void>;
}

export async function startWorld(options: { s3?: Partial<S3ServerOptions>; imdsCredentials?: ImdsCredentials } = {}): Promise<World> {
  const credentials = temporaryCredentials();
  const imds = await startFakeImds({ region: REGION, role: 'spawn-slurm-instance', credentials: options.imdsCredentials ?? credentials });
  const s3 = await startS3Server({ credentials: [asS3(credentials)], buckets: [BUCKET], region: REGION, ...options.s3 });
  const dir = mkdtempSync(join(tmpdir(), 'ec2-bootstrap-'));
  const snippet = join(dir, 's3-functions.sh');
  writeFileSync(snippet, s3ShellFunctions());

  const bash = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    new Promise<BashResult>((resolve, reject) => {
      const child = spawn('bash', ['-c', `source "$SNIPPET"\n${script}`, 'bash', ...args], {
        cwd: dir,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: dir,
          TMPDIR: dir,
          SNIPPET: snippet,
          SPAWN_IMDS_ENDPOINT: imds.url,
          SPAWN_S3_ENDPOINT: s3.url,
          SPAWN_S3_BACKOFF: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
      });
    });

  return {
    imds,
    s3,
    credentials,
    dir,
    bash,
    close: async () => {
      await Promise.all([imds.close(), s3.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
