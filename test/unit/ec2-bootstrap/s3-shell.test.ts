import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { S3_SHELL_STATUS, s3ShellFunctions } from '../../../src/launch/ec2/bootstrap/s3-shell.js';
import { startS3Server } from '../../support/s3-server/server.js';
import type { S3Server } from '../../support/s3-server/server.js';
import { asS3, BUCKET, REGION, startWorld, temporaryCredentials } from './harness.js';
import type { World } from './harness.js';

const worlds: World[] = [];
const servers: S3Server[] = [];
async function world(options?: Parameters<typeof startWorld>[0]): Promise<World> {
  const w = await startWorld(options);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all([...worlds.splice(0).map((w) => w.close()), ...servers.splice(0).map((s) => s.close())]);
});

const SPECIAL_KEYS = [
  'with space.txt',
  'ünïcødé/日本語 ファイル.txt',
  'a+b=c&d?e#f%g;h,i:j@k$l',
  'dir/trailing/',
  'dots/../x/./y//z',
  `quote'"\`$(echo x)\\back*star~tilde!(paren)[br]{br}`,
  'emoji 🚀 and tab\tchar',
  '-starts-with-dash',
];

describe('the rendered snippet', () => {
  it('is small, defines only functions and interpolates nothing', () => {
    const text = s3ShellFunctions();
    const gzip = gzipSync(text, { level: 9 }).length;
    expect(gzip).toBeLessThan(4096);
    expect(text).not.toContain('\\${');
    for (const line of text.split('\n')) if (line !== '' && !line.startsWith(' ') && !line.startsWith('}')) expect(line).toMatch(/^[a-z0-9_]+\(\) \{/);
  });
});

describe('s3 functions against the S3 server and IMDSv2', () => {
  it('puts and gets text with its content type', async () => {
    const w = await world();
    writeFileSync(join(w.dir, 'hello.txt'), 'hello\nworld\n');
    const r = await w.bash('s3_put "$1" notes/hello.txt hello.txt text/plain && s3_get "$1" notes/hello.txt back.txt && cat back.txt', [BUCKET]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe('hello\nworld\n');
    const stored = w.s3.getObject(BUCKET, 'notes/hello.txt')!;
    expect(stored.body.toString()).toBe('hello\nworld\n');
    expect(stored.contentType).toBe('text/plain');
    // The payload was signed with its real hash, not UNSIGNED-PAYLOAD.
    const put = w.s3.requests.find((q) => q.method === 'PUT')!;
    expect(put.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round-trips binary data, empty files and a download replaces the destination atomically', async () => {
    const w = await world();
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(1_300_000)]);
    writeFileSync(join(w.dir, 'blob.bin'), data);
    writeFileSync(join(w.dir, 'empty'), '');
    writeFileSync(join(w.dir, 'out.bin'), 'old');
    const r = await w.bash('s3_put "$1" b/blob.bin blob.bin && s3_get "$1" b/blob.bin out.bin && s3_put "$1" b/empty empty && s3_get "$1" b/empty empty.back', [BUCKET]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(w.s3.getObject(BUCKET, 'b/blob.bin')!.body.equals(data)).toBe(true);
    expect(readFileSync(join(w.dir, 'out.bin')).equals(data)).toBe(true);
    expect(readFileSync(join(w.dir, 'empty.back')).length).toBe(0);
    expect(w.s3.getObject(BUCKET, 'b/blob.bin')!.contentType).toBe('application/octet-stream');
    expect(readdirSync(w.dir).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('encodes keys with spaces, unicode and special characters as SigV4 wants', async () => {
    const w = await world();
    const script = `
      i=0
      for key in "$@"; do i=$((i + 1)); printf '%s' "content $i" > "f$i"; s3_put "${BUCKET}" "$key" "f$i" || exit 1; done
      i=0
      for key in "$@"; do i=$((i + 1)); s3_get "${BUCKET}" "$key" "g$i" || exit 1; [ "$(cat "g$i")" = "content $i" ] || { echo "mismatch $key" >&2; exit 1; }; done
      s3_list "${BUCKET}" ""`;
    const r = await w.bash(script, SPECIAL_KEYS);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(
      w.s3
        .objects(BUCKET)
        .map((o) => o.key)
        .sort(),
    ).toEqual([...SPECIAL_KEYS].sort());
    for (const [i, key] of SPECIAL_KEYS.entries()) expect(w.s3.getObject(BUCKET, key)!.body.toString()).toBe(`content ${i + 1}`);
    expect(r.stdout.toString().split('\n').slice(0, -1).sort()).toEqual([...SPECIAL_KEYS].sort());
  });

  it('put-if-absent writes once, then answers 3 and leaves the first content', async () => {
    const w = await world();
    writeFileSync(join(w.dir, 'first'), 'claimed by i-1');
    writeFileSync(join(w.dir, 'second'), 'claimed by i-2');
    const r = await w.bash('s3_put_if_absent "$1" claims/task-7 first; echo "first=$?"; s3_put_if_absent "$1" claims/task-7 second; echo "second=$?"', [BUCKET]);
    expect(r.stdout.toString()).toBe(`first=0\nsecond=${S3_SHELL_STATUS.exists}\n`);
    expect(r.stderr).toBe('');
    expect(w.s3.getObject(BUCKET, 'claims/task-7')!.body.toString()).toBe('claimed by i-1');
    const puts = w.s3.requests.filter((q) => q.method === 'PUT');
    expect(puts.map((q) => [q.headers['if-none-match'], q.status])).toEqual([
      ['*', 200],
      ['*', 412],
    ]);
  });

  it('put-if-absent recognises its own write when the first answer was lost and the retry meets 412', async () => {
    const w = await world();
    w.s3.failNext({ method: 'PUT', key: 'claims/task-8', status: 503, code: 'ServiceUnavailable', afterApplying: true });
    writeFileSync(join(w.dir, 'mine'), 'claimed by i-1');
    const r = await w.bash('s3_put_if_absent "$1" claims/task-8 mine; echo "status=$?"', [BUCKET]);
    expect(r.stdout.toString()).toBe('status=0\n');
    // Someone else's object under the key still means "exists", even after a retry.
    w.s3.putObject(BUCKET, 'claims/task-9', 'claimed by i-2');
    w.s3.failNext({ method: 'PUT', key: 'claims/task-9', status: 500, code: 'InternalError' });
    const other = await w.bash('s3_put_if_absent "$1" claims/task-9 mine; echo "status=$?"', [BUCKET]);
    expect(other.stdout.toString()).toBe('status=3\n');
    expect(w.s3.getObject(BUCKET, 'claims/task-9')!.body.toString()).toBe('claimed by i-2');
  });

  it('lists every key under a prefix across pages', async () => {
    const w = await world({ s3: { pageSize: 2 } });
    const keys = Array.from({ length: 7 }, (_, i) => `events/task ${i}+${'é'.repeat(i)}.json`);
    for (const key of keys) w.s3.putObject(BUCKET, key, '{}');
    w.s3.putObject(BUCKET, 'eventsX/other', '');
    w.s3.putObject(BUCKET, 'outputs/a', '');
    const r = await w.bash('s3_list "$1" events/', [BUCKET]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(`${[...keys].sort().join('\n')}\n`);
    const lists = w.s3.requests.filter((q) => q.query['list-type'] === '2');
    expect(lists).toHaveLength(4);
    expect(lists.slice(1).every((q) => q.query['continuation-token'] !== undefined && q.status === 200)).toBe(true);
    const empty = await w.bash('s3_list "$1" nothing/here', [BUCKET]);
    expect([empty.status, empty.stdout.toString(), empty.stderr]).toEqual([0, '', '']);
  });

  it('deletes, and s3_get of a missing key answers 2 without leaving a file', async () => {
    const w = await world();
    w.s3.putObject(BUCKET, 'gone', 'x');
    const r = await w.bash('s3_delete "$1" gone || exit 9; s3_get "$1" gone out; echo "get=$?"; s3_delete "$1" gone; echo "again=$?"', [BUCKET]);
    expect(r.stdout.toString()).toBe(`get=${S3_SHELL_STATUS.notFound}\nagain=0\n`);
    expect(r.stderr).toBe('');
    expect(w.s3.getObject(BUCKET, 'gone')).toBeUndefined();
    expect(existsSync(join(w.dir, 'out'))).toBe(false);
    expect(readdirSync(w.dir).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('fails clearly with credentials S3 does not know, or a secret that does not match', async () => {
    const unknown = await world({ imdsCredentials: temporaryCredentials() });
    writeFileSync(join(unknown.dir, 'f'), 'x');
    const r = await unknown.bash('s3_put "$1" k f', [BUCKET]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^s3: PUT spawn-test-bucket\/k: HTTP 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records\.\n$/);

    const w = await world();
    w.imds.setCredentials({ ...w.credentials, SecretAccessKey: 'not-the-secret' });
    const wrong = await w.bash('s3_get "$1" k out', [BUCKET]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match');
    // An authentication failure is not retried.
    expect(w.s3.requests).toHaveLength(1);
    const noBucket = await w.bash('s3_list no-such-bucket ""');
    expect(noBucket.status).toBe(1);
  });

  it('sends the session token of temporary credentials, which the server checks', async () => {
    const w = await world();
    writeFileSync(join(w.dir, 'f'), 'x');
    expect((await w.bash('s3_put "$1" k f && s3_list "$1" ""', [BUCKET])).status).toBe(0);
    expect(w.s3.requests.length).toBeGreaterThan(1);
    for (const q of w.s3.requests) expect(q.headers['x-amz-security-token']).toBe(w.credentials.Token);
    w.imds.setCredentials({ ...w.credentials, Token: temporaryCredentials().Token });
    const r = await w.bash('s3_put "$1" k f', [BUCKET]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('HTTP 400 InvalidToken');
  });

  it('uses IMDSv2 only: a token first, on every GET; IMDSv1 calls are refused', async () => {
    const w = await world();
    const v1 = await w.bash('curl -s -o /dev/null -w "%{http_code}" "$SPAWN_IMDS_ENDPOINT/latest/meta-data/instance-id"');
    expect(v1.stdout.toString()).toBe('401');
    w.imds.requests.length = 0;
    const r = await w.bash('imds meta-data/instance-id && imds meta-data/placement/region && imds meta-data/spot/instance-action; echo "spot=$?"');
    expect(r.stdout.toString()).toBe(`i-0123456789abcdef0\neu-west-3\nspot=${S3_SHELL_STATUS.notFound}\n`);
    expect(r.stderr).toBe('');
    expect(w.imds.requests[0]!.method).toBe('PUT');
    expect(w.imds.requests[0]!.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600');
    expect(w.imds.requests.slice(1).every((q) => q.method === 'GET' && typeof q.headers['x-aws-ec2-metadata-token'] === 'string' && q.status !== 401)).toBe(true);
    expect(w.imds.tokensIssued()).toBe(1);
    w.imds.setSpotInstanceAction({ action: 'terminate', time: '2026-11-23T18:00:00Z' });
    expect((await w.bash('imds meta-data/spot/instance-action')).stdout.toString()).toBe('{"action":"terminate","time":"2026-11-23T18:00:00Z"}\n');
  });

  it('fetches a new IMDS token when the cached one stops working', async () => {
    const w = await world();
    w.imds.onRequest = (q) => {
      if (q.path.endsWith('/instance-id')) w.imds.revokeTokens();
    };
    const r = await w.bash('imds meta-data/instance-id && imds meta-data/local-ipv4');
    expect(r.stdout.toString()).toBe('i-0123456789abcdef0\n10.0.0.12\n');
    expect(w.imds.tokensIssued()).toBe(2);
    expect(w.imds.requests.map((q) => `${q.method} ${q.status}`)).toEqual(['PUT 200', 'GET 200', 'GET 401', 'PUT 200', 'GET 200']);
  });

  it('retries transient S3 failures and connection errors, with a limit', async () => {
    const w = await world();
    w.s3.failNext({ method: 'PUT', status: 503, code: 'SlowDown', count: 2 });
    w.s3.failNext({ method: 'GET', status: 500, code: 'InternalError' });
    writeFileSync(join(w.dir, 'f'), 'payload');
    const r = await w.bash('s3_put "$1" k f && s3_get "$1" k g && cat g', [BUCKET]);
    expect(r.stderr).toBe('');
    expect(r.stdout.toString()).toBe('payload');
    expect(w.s3.requests.map((q) => `${q.method} ${q.status} ${q.errorCode ?? ''}`.trim())).toEqual(['PUT 503 SlowDown', 'PUT 503 SlowDown', 'PUT 200', 'GET 500 InternalError', 'GET 200']);

    w.s3.failNext({ method: 'GET', status: 503, code: 'SlowDown', count: 10 });
    const gaveUp = await w.bash('s3_get "$1" k g', [BUCKET], { SPAWN_S3_ATTEMPTS: '3' });
    expect(gaveUp.status).toBe(1);
    expect(gaveUp.stderr).toContain('HTTP 503 SlowDown');
    expect(w.s3.requests.filter((q) => q.errorCode === 'SlowDown' && q.method === 'GET')).toHaveLength(3);

    const closed = await w.bash('s3_get "$1" k g', [BUCKET], { SPAWN_S3_ENDPOINT: 'http://127.0.0.1:9', SPAWN_S3_ATTEMPTS: '2' });
    expect(closed.status).toBe(1);
    expect(closed.stderr.match(/curl: \(7\)/g)).toHaveLength(2);
    expect(closed.stderr).toContain('HTTP 000');
  });

  it('reloads the credentials when S3 says they expired', async () => {
    const w = await world();
    w.s3.failNext({ method: 'PUT', status: 400, code: 'ExpiredToken' });
    writeFileSync(join(w.dir, 'f'), 'x');
    const r = await w.bash('aws_creds && s3_put "$1" k f', [BUCKET]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(w.imds.requests.filter((q) => q.path === '/latest/meta-data/iam/security-credentials/spawn-slurm-instance')).toHaveLength(2);
  });

  it('never shows a secret, even under set -euxo pipefail, in output or on a command line', async () => {
    const w = await world();
    const shims = join(w.dir, 'shims');
    mkdirSync(shims);
    const argvLog = join(w.dir, 'argv.log');
    for (const tool of ['curl', 'od', 'sha256sum', 'date', 'head', 'grep', 'mktemp', 'mv', 'rm', 'sleep']) {
      const real = (process.env['PATH'] ?? '')
        .split(':')
        .map((d) => join(d, tool))
        .find(existsSync)!;
      writeFileSync(join(shims, tool), `#!/bin/bash\nprintf '%s\\n' "${tool} $*" >> "${argvLog}"\nexec ${real} "$@"\n`);
      chmodSync(join(shims, tool), 0o755);
    }
    writeFileSync(join(w.dir, 'f'), 'x');
    w.s3.failNext({ method: 'GET', status: 500, code: 'InternalError' });
    // A server that knows the key id with another secret: its SignatureDoesNotMatch answer echoes the
    // canonical request, session token included, which must not reach stderr.
    const mismatch = await startS3Server({
      credentials: [{ ...asS3(w.credentials), secretAccessKey: 'another-secret' }],
      buckets: [BUCKET],
      region: REGION,
    });
    servers.push(mismatch);
    const script = `set -euxo pipefail
      aws_creds
      s3_put "$1" "secret test/k" f text/plain
      s3_put_if_absent "$1" "secret test/k" f || echo "exists=$?"
      s3_get "$1" "secret test/k" g
      keys=$(s3_list "$1" secret)
      s3_delete "$1" "secret test/k"
      imds meta-data/instance-id
      SPAWN_S3_ENDPOINT=$2 s3_get "$1" k g || echo "failed=$?"
      echo done`;
    const r = await w.bash(script, [BUCKET, mismatch.url], { PATH: `${shims}:${process.env['PATH'] ?? ''}` });
    expect(r.stdout.toString()).toBe('exists=3\ni-0123456789abcdef0\nfailed=1\ndone\n');
    expect(r.stderr).toContain('+ s3_put spawn-test-bucket');
    expect(r.stderr).toContain('HTTP 403 SignatureDoesNotMatch');
    const secretHex = Buffer.from(`AWS4${w.credentials.SecretAccessKey}`).toString('hex');
    const argv = readFileSync(argvLog, 'utf8');
    expect(argv).toContain('curl ');
    for (const text of [r.stdout.toString(), r.stderr, argv]) {
      expect(text).not.toContain(w.credentials.SecretAccessKey);
      expect(text).not.toContain(w.credentials.Token);
      expect(text).not.toContain(w.credentials.Token.slice(0, 40));
      expect(text).not.toContain(secretHex.slice(0, 32));
    }
  });
});
