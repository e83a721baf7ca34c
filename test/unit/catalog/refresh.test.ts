import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/mapping/catalog/load.js';
import { createAwsClients } from '../../../src/mapping/catalog/refresh/aws-clients.js';
import { CatalogRefreshError } from '../../../src/mapping/catalog/refresh/errors.js';
import { createRefreshProgress, formatRefreshSummary } from '../../../src/mapping/catalog/refresh/progress.js';
import type { RefreshProgress } from '../../../src/mapping/catalog/refresh/progress.js';
import { defaultRefreshRegions, refreshCatalog } from '../../../src/mapping/catalog/refresh/refresh.js';
import { searchCatalog } from '../../../src/mapping/catalog/search.js';
import { fakeWorld, NOW } from '../../support/fake-aws/fixtures.js';
import { startFakeAws } from '../../support/fake-aws/server.js';
import type { FakeAws, FakeAwsOptions, RecordedRequest } from '../../support/fake-aws/server.js';

const FAKE_CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake/secret/key' };

let cacheDir: string;
let fake: FakeAws | undefined;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'spawn-slurm-refresh-'));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(cacheDir, { recursive: true, force: true });
});

async function startWorld(options: Partial<FakeAwsOptions> = {}) {
  fake = await startFakeAws({ data: fakeWorld(), ...options });
  const clients = await createAwsClients({ endpoint: fake.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
  return { fake, clients };
}

const calls = (requests: RecordedRequest[], action: string) => requests.filter((r) => r.action === action);

describe('catalog refresh against a fake AWS speaking the real protocols', () => {
  it('sends each call to the right service and region, with the documented filters, and follows every NextToken', async () => {
    const { fake, clients } = await startWorld();
    await refreshCatalog({ regions: ['eu-west-1', 'us-east-1'], cacheDir, clients, now: NOW });

    for (const action of ['DescribeInstanceTypes', 'DescribeInstanceTypeOfferings', 'DescribeSpotPriceHistory']) {
      const sent = calls(fake.requests, action);
      expect(sent.every((r) => r.protocol === 'ec2-query' && r.signingService === 'ec2' && r.params['Version'] === '2016-11-15')).toBe(true);
      expect(new Set(sent.map((r) => r.signingRegion))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    }
    const pricing = calls(fake.requests, 'GetProducts');
    expect(pricing.length).toBeGreaterThan(0);
    for (const request of pricing) {
      expect(request).toMatchObject({ protocol: 'aws-json-1.1', signingService: 'pricing', signingRegion: 'us-east-1', contentType: 'application/x-amz-json-1.1' });
    }
    const pricingBodies = pricing.map((r) => r.body as { ServiceCode: string; Filters: unknown[]; FormatVersion: string });
    expect(pricingBodies.every((b) => b.ServiceCode === 'AmazonEC2' && b.FormatVersion === 'aws_v1')).toBe(true);
    expect(pricingBodies[0]?.Filters).toEqual([
      { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
      { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
      { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
      { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
    ]);

    const offerings = calls(fake.requests, 'DescribeInstanceTypeOfferings')[0];
    expect(offerings?.params).toMatchObject({ LocationType: 'region', 'Filter.1.Name': 'location', 'Filter.1.Value.1': 'eu-west-1' });
    const spot = calls(fake.requests, 'DescribeSpotPriceHistory')[0];
    expect(spot?.params['ProductDescription.1']).toBe('Linux/UNIX');
    expect(Date.parse(spot?.params['StartTime'] ?? '')).toBe(NOW.getTime());

    // Paging: every token the server handed out came back exactly once, in the next request of that call.
    const issued = fake.requests.flatMap((r) => (r.answeredNextToken ? [r.answeredNextToken] : []));
    const returned = fake.requests.flatMap((r) => {
      const token = r.protocol === 'ec2-query' ? r.params['NextToken'] : (r.body as { NextToken?: string }).NextToken;
      return token ? [token] : [];
    });
    expect(issued.length).toBeGreaterThan(4);
    expect(returned.sort()).toEqual(issued.sort());
    expect(calls(fake.requests, 'DescribeInstanceTypes').filter((r) => r.signingRegion === 'eu-west-1')).toHaveLength(4); // 7 types, 2 a page
    expect(calls(fake.requests, 'DescribeInstanceTypes').every((r) => r.params['MaxResults'] === '100')).toBe(true);
  });

  it('writes a cache that loadCatalog prefers, with real regional prices, offerings and the new types', async () => {
    const { clients } = await startWorld();
    const summary = await refreshCatalog({ regions: ['eu-west-1'], cacheDir, clients, now: NOW });
    expect(summary.path).toBe(join(cacheDir, 'catalog.json'));
    expect(summary.regions).toEqual([{ region: 'eu-west-1', described: 6, offered: 5, onDemandPrices: 4, spotPriced: 3, zones: 3 }]);
    expect(summary.addedTypes).toContain('p3.2xlarge');
    expect(summary.addedTypes).not.toContain('mac2.metal');
    expect(formatRefreshSummary(summary)).toContain(`written to ${summary.path}`);

    const { catalog, warnings } = await loadCatalog({ cacheDir, now: new Date(NOW.getTime() + 3_600_000) });
    expect(warnings).toEqual([]);
    expect(catalog.source).toMatchObject({ kind: 'cache', refreshedAt: NOW.toISOString(), refreshedRegions: ['eu-west-1'] });
    // The Linux/shared/NA/Used product only: not Windows (0.204), dedicated (0.118) or the reservation (0).
    expect(catalog.onDemandPrice('m5.large', 'eu-west-1')).toBe(0.107);
    expect(catalog.onDemandPrice('m5.large', 'us-east-1')).toBe(0.096); // the embedded figure, untouched
    const m5 = catalog.spot('m5.large', 'eu-west-1');
    expect(m5?.price).toEqual({
      usdPerHour: 0.0391,
      estimated: false,
      basis: 'spot-price-history',
      zone: 'eu-west-1a',
      byZone: { 'eu-west-1a': 0.0391, 'eu-west-1b': 0.0402 },
      observedAt: NOW.toISOString(),
    });
    expect(m5?.savingPercent).toBeTypeOf('number'); // the advisor's figures survive a refresh
    expect(catalog.availableIn('p4d.24xlarge', 'eu-west-1')).toBe(false);
    expect(catalog.availableIn('c7g.large', 'eu-west-1')).toBe(true);
    expect(catalog.get('p3.2xlarge')?.gpu).toEqual({ model: 'v100', maker: 'nvidia', count: 1, memoryMiB: 16384, fractional: false, fraction: undefined });
    expect(catalog.get('trn1.2xlarge')?.accelerator).toEqual({ model: 'trainium', maker: 'aws', count: 1, neuron: true });
    expect(catalog.get('g6f.large')?.gpu).toMatchObject({ model: 'l4', fractional: true, fraction: 0.125 });
    expect(catalog.get('mac2.metal')).toBeUndefined();
    expect(catalog.priceGap('trn1.2xlarge', 'eu-west-1', 'on-demand')?.code).toBe('no-on-demand-price');
    // A refreshed region has real spot prices or none: no estimate is mixed in.
    expect(catalog.spot('g6f.large', 'eu-west-1')?.price).toBeUndefined();
    expect(catalog.priceGap('g6f.large', 'eu-west-1', 'spot')?.code).toBe('no-spot-price');

    const result = searchCatalog(catalog, { region: 'eu-west-1', purchase: 'spot', vcpus: { min: 2, max: 2 }, arch: 'x86_64' });
    const m5Row = result.rows.find((r) => r.type.name === 'm5.large');
    expect(m5Row).toMatchObject({ price: 0.0391, priceBasis: 'spot' });
    expect(result.rows.some((r) => r.type.name === 'p4d.24xlarge')).toBe(false);
    expect(result.notes.join('\n')).toMatch(/\d+ types not offered in eu-west-1 left out/);
  });

  it('reports progress as one line per region when stderr is not a terminal', async () => {
    const { clients } = await startWorld();
    const lines: string[] = [];
    const events: RefreshProgress['kind'][] = [];
    const reporter = await createRefreshProgress({ isTTY: false, write: (text: string) => lines.push(text) });
    await refreshCatalog({
      regions: ['eu-west-1', 'us-east-1'],
      cacheDir,
      clients,
      now: NOW,
      onProgress: (e) => {
        events.push(e.kind);
        reporter.onProgress(e);
      },
    });
    expect(lines).toEqual([
      'catalog refresh: eu-west-1: 5 types offered, 4 on-demand prices, 3 types spot-priced in 3 zones\n',
      'catalog refresh: us-east-1: 7 types offered, 4 on-demand prices, 2 types spot-priced in 3 zones\n',
    ]);
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('done');
    expect(events.filter((k) => k === 'call-done')).toHaveLength(8);
  });

  it('draws a progress bar when stderr is a terminal', async () => {
    const { clients } = await startWorld();
    let drawn = '';
    const terminal = {
      isTTY: true,
      columns: 100,
      write: (text: string) => {
        drawn += text;
        return true;
      },
    };
    const reporter = await createRefreshProgress(terminal);
    await refreshCatalog({ regions: ['eu-west-1'], cacheDir, clients, now: NOW, onProgress: reporter.onProgress });
    reporter.stop();
    expect(drawn).toContain('catalog refresh [');
    expect(drawn).toContain('4/4 calls');
  });
});

describe('catalog refresh failures', () => {
  async function refreshFailing(failure: FakeAwsOptions['failures']) {
    const { clients } = await startWorld({ failures: failure });
    const previous = '{"the previous cache": true}\n';
    await writeFile(join(cacheDir, 'catalog.json'), previous);
    const error = await refreshCatalog({ regions: ['eu-west-1'], cacheDir, clients, now: NOW }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Whatever failed, the previous cache is exactly as it was and no temporary file is left behind.
    expect(await readFile(join(cacheDir, 'catalog.json'), 'utf8')).toBe(previous);
    expect(await readdir(cacheDir)).toEqual(['catalog.json']);
    expect(error).toBeInstanceOf(CatalogRefreshError);
    return error as CatalogRefreshError;
  }

  it('names the call and the IAM action when access is denied', async () => {
    const error = await refreshFailing([{ action: 'DescribeSpotPriceHistory', status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }]);
    expect(error.code).toBe('aws-access-denied');
    expect(error.call).toBe('DescribeSpotPriceHistory');
    expect(error.message).toContain('DescribeSpotPriceHistory in eu-west-1');
    expect(error.hint).toContain('ec2:DescribeSpotPriceHistory');
  });

  it('reads a Price List JSON error as such', async () => {
    const error = await refreshFailing([{ action: 'GetProducts', status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' }]);
    expect(error).toMatchObject({ code: 'aws-access-denied', call: 'GetProducts' });
    expect(error.hint).toContain('pricing:GetProducts');
  });

  it('says to wait when AWS throttles', async () => {
    const error = await refreshFailing([{ action: 'DescribeInstanceTypes', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' }]);
    expect(error).toMatchObject({ code: 'aws-throttled', call: 'DescribeInstanceTypes', region: 'eu-west-1' });
    expect(error.hint).toMatch(/wait/);
  });

  it('tells rejected credentials apart from missing ones', async () => {
    const error = await refreshFailing([{ action: 'DescribeInstanceTypes', status: 401, code: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials' }]);
    expect(error.code).toBe('aws-credentials-invalid');
  });

  it('explains missing credentials before any request is sent', async () => {
    fake = await startFakeAws({ data: fakeWorld() });
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(cacheDir, 'none'), AWS_CONFIG_FILE: join(cacheDir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const clients = await createAwsClients({ endpoint: fake.url, maxAttempts: 1 });
      const error = await refreshCatalog({ regions: ['eu-west-1'], cacheDir, clients, now: NOW }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'aws-credentials-missing', call: 'DescribeInstanceTypes' });
      expect((error as CatalogRefreshError).hint).toMatch(/AWS_PROFILE|aws configure/);
      expect(fake.requests).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it('refuses a region name that is not one, without calling AWS', async () => {
    const { fake, clients } = await startWorld();
    await expect(refreshCatalog({ regions: ['eu-west'], cacheDir, clients, now: NOW })).rejects.toMatchObject({ code: 'invalid-refresh-region' });
    expect(fake.requests).toEqual([]);
  });

  it('says so when the cache directory cannot be written', async () => {
    const { clients } = await startWorld();
    const blocker = join(cacheDir, 'not-a-directory');
    await writeFile(blocker, '');
    await expect(refreshCatalog({ regions: ['eu-west-1'], cacheDir: blocker, clients, now: NOW })).rejects.toMatchObject({ code: 'catalog-cache-write-failed' });
  });
});

describe('defaultRefreshRegions', () => {
  it('follows the SDK region variables, else us-east-1', () => {
    expect(defaultRefreshRegions({ AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual(['eu-north-1']);
    expect(defaultRefreshRegions({ AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual(['eu-west-1']);
    expect(defaultRefreshRegions({})).toEqual(['us-east-1']);
  });
});

describe('the fake AWS server', () => {
  it('stops by itself when its time is up', async () => {
    const server = await startFakeAws({ data: fakeWorld(), maxLifetimeMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(fetch(server.url, { method: 'POST', body: 'Action=DescribeInstanceTypes' })).rejects.toThrow();
  });

  it('refuses unsigned requests the way EC2 does', async () => {
    fake = await startFakeAws({ data: fakeWorld() });
    const response = await fetch(fake.url, { method: 'POST', body: 'Action=DescribeInstanceTypes&Version=2016-11-15' });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/<Response><Errors><Error><Code>AuthFailure<\/Code>/);
  });
});
