import { afterEach, describe, expect, it } from 'vitest';
import { startFakeImds } from '../../support/fake-imds.js';
import type { FakeImds } from '../../support/fake-imds.js';

let imds: FakeImds;
afterEach(async () => {
  await imds?.close();
});

async function token(ttl = '60', headers: Record<string, string> = {}) {
  return fetch(`${imds.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': ttl, ...headers } });
}

describe('fake IMDS', () => {
  it('serves instance metadata, credentials and user data to IMDSv2 clients only', async () => {
    const credentials = { AccessKeyId: 'ASIAX', SecretAccessKey: 'secret', Token: 'token', Expiration: '2026-11-23T18:00:00Z' };
    imds = await startFakeImds({
      region: 'ap-south-1',
      availabilityZone: 'ap-south-1b',
      amiLaunchIndex: 3,
      instanceType: 'm7i.xlarge',
      role: 'worker',
      credentials,
      userData: '#!/bin/bash\necho hi\n',
    });
    const issued = await token();
    expect([issued.status, issued.headers.get('x-aws-ec2-metadata-token-ttl-seconds')]).toEqual([200, '60']);
    const value = await issued.text();
    const get = async (path: string) => {
      const answer = await fetch(`${imds.url}${path}`, { headers: { 'x-aws-ec2-metadata-token': value } });
      return [answer.status, await answer.text()];
    };
    expect(await get('/latest/meta-data/placement/region')).toEqual([200, 'ap-south-1']);
    expect(await get('/latest/meta-data/placement/availability-zone')).toEqual([200, 'ap-south-1b']);
    expect(await get('/latest/meta-data/ami-launch-index')).toEqual([200, '3']);
    expect(await get('/latest/meta-data/instance-type')).toEqual([200, 'm7i.xlarge']);
    expect(await get('/latest/meta-data/local-ipv4')).toEqual([200, '10.0.0.12']);
    expect(await get('/latest/meta-data/iam/security-credentials/')).toEqual([200, 'worker']);
    const [status, json] = await get('/latest/meta-data/iam/security-credentials/worker');
    expect([status, JSON.parse(json as string)]).toEqual([200, expect.objectContaining({ Code: 'Success', ...credentials })]);
    expect(await get('/latest/user-data')).toEqual([200, '#!/bin/bash\necho hi\n']);
    expect((await get('/latest/meta-data/spot/instance-action'))[0]).toBe(404);
    imds.setSpotInstanceAction({ action: 'stop', time: '2026-11-23T18:02:00Z' });
    expect(await get('/latest/meta-data/spot/instance-action')).toEqual([200, '{"action":"stop","time":"2026-11-23T18:02:00Z"}']);
    expect((await get('/latest/meta-data/no-such-thing'))[0]).toBe(404);

    expect((await fetch(`${imds.url}/latest/meta-data/instance-id`)).status).toBe(401);
    expect((await fetch(`${imds.url}/latest/meta-data/instance-id`, { headers: { 'x-aws-ec2-metadata-token': 'made-up' } })).status).toBe(401);
    imds.revokeTokens();
    expect((await get('/latest/meta-data/instance-id'))[0]).toBe(401);
    expect(imds.requests.at(-1)).toMatchObject({ method: 'GET', path: '/latest/meta-data/instance-id', status: 401 });
  });

  it('refuses token requests without a valid TTL, through a proxy, or with GET', async () => {
    imds = await startFakeImds();
    expect((await token('0')).status).toBe(400);
    expect((await token('21601')).status).toBe(400);
    expect((await token('60', { 'x-forwarded-for': '10.1.1.1' })).status).toBe(403);
    expect((await fetch(`${imds.url}/latest/api/token`)).status).toBe(405);
    expect(imds.tokensIssued()).toBe(0);
    const noRole = await (await token()).text();
    expect((await fetch(`${imds.url}/latest/meta-data/iam/security-credentials/`, { headers: { 'x-aws-ec2-metadata-token': noRole } })).status).toBe(404);
  });
});
