import { afterEach, describe, expect, it } from 'vitest';
import { RestClient } from '../../../src/launch/slurm/rest-client.js';
import { failureOf } from '../../../src/launch/slurm/rest-errors.js';
import { answer, FakeSlurmrestd } from '../../support/fake-slurmrestd.js';

describe('RestClient', () => {
  let server: FakeSlurmrestd | null = null;
  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it('sends the JWT and user name as slurmrestd expects, and JSON both ways', async () => {
    server = new FakeSlurmrestd((req, res) => answer(res, 200, { seen: req.body }));
    const url = await server.start();
    const client = new RestClient({ url, user: 'alice', token: 'eyJ.secret' });
    const reply = await client.request('POST', '/slurm/v0.0.42/job/submit', { job: { name: 'x' } });
    expect(reply).toEqual({ status: 200, body: { seen: { job: { name: 'x' } } } });
    const sent = server.requests[0];
    expect(sent?.headers['x-slurm-user-token']).toBe('eyJ.secret');
    expect(sent?.headers['x-slurm-user-name']).toBe('alice');
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('sends no credentials without a token (rest_auth/local)', async () => {
    server = new FakeSlurmrestd((_req, res) => answer(res, 200, {}));
    const url = await server.start();
    await new RestClient({ url, user: 'alice', token: null }).request('GET', '/openapi/v3');
    expect(server.requests[0]?.headers['x-slurm-user-token']).toBeUndefined();
    expect(server.requests[0]?.headers['x-slurm-user-name']).toBeUndefined();
  });

  it('keeps a base path of the URL (a slurmrestd behind a proxy)', async () => {
    server = new FakeSlurmrestd((_req, res) => answer(res, 200, {}));
    const url = await server.start();
    await new RestClient({ url: `${url}/hpc/`, user: null, token: null }).request('GET', '/slurm/v0.0.38/ping');
    expect(server.requests[0]?.path).toBe('/hpc/slurm/v0.0.38/ping');
  });

  it("returns a body that is not JSON as text, and failureOf turns a 401 into an auth error with the server's words", async () => {
    server = new FakeSlurmrestd((_req, res) => answer(res, 401, 'Authentication failure'));
    const url = await server.start();
    const reply = await new RestClient({ url, user: 'alice', token: 'bad' }).request('GET', '/slurm/v0.0.38/jobs');
    expect(reply).toEqual({ status: 401, body: 'Authentication failure' });
    const error = failureOf(reply, 'list jobs');
    expect(error.code).toBe('slurmrestd-auth');
    expect(error.message).toBe('cannot list jobs: HTTP 401, Authentication failure');
  });

  it('quotes the server errors of a refused request, one line', () => {
    const error = failureOf(
      { status: 500, body: { errors: [{ description: 'Invalid partition name specified', error_number: 2000, error: 'Invalid partition name specified' }] } },
      'submit',
    );
    expect(error.code).toBe('slurmrestd-refused');
    expect(error.message).toBe('cannot submit: HTTP 500, Invalid partition name specified');
  });

  it('says clearly when nothing listens, and never shows the token', async () => {
    server = new FakeSlurmrestd(() => undefined);
    const url = await server.start();
    await server.stop();
    await expect(new RestClient({ url, user: 'alice', token: 'eyJ.secret' }).request('GET', '/x')).rejects.toThrow(/connection refused/);
    await expect(new RestClient({ url: 'unix:/nonexistent/slurmrestd.socket', user: null, token: null }).request('GET', '/x')).rejects.toThrow(
      'cannot reach slurmrestd at unix:/nonexistent/slurmrestd.socket: no such socket',
    );
    await expect(new RestClient({ url: 'http://user:eyJ.secret@127.0.0.1:1', user: null, token: null }).request('GET', '/x')).rejects.not.toThrow(/secret/);
  });

  it('refuses an address that is neither a socket nor http(s)', () => {
    expect(() => new RestClient({ url: 'ftp://host', user: null, token: null })).toThrow(/neither http: nor https:/);
    expect(() => new RestClient({ url: 'unix:relative.sock', user: null, token: null })).toThrow('"unix:relative.sock" is not a slurmrestd address');
  });

  it('gives up on a server that does not answer in time', async () => {
    server = new FakeSlurmrestd(() => undefined);
    const url = await server.start();
    await expect(new RestClient({ url, user: null, token: null }, 200).request('GET', '/x')).rejects.toThrow(/did not answer in time/);
  });
});
