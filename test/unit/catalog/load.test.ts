import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCatalogCacheDir } from '../../../src/mapping/catalog/cache-location.js';
import { decodeCatalogData } from '../../../src/mapping/catalog/decode.js';
import { encodeCatalog, serialiseCatalog } from '../../../src/mapping/catalog/encode.js';
import { DEFAULT_CATALOG_MAX_AGE_DAYS, loadCatalog, loadEmbeddedCatalogFile } from '../../../src/mapping/catalog/load.js';

const DAY = 86_400_000;
const refreshedAt = new Date('2026-11-20T08:00:00.000Z');
let cacheDir: string;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'spawn-slurm-load-'));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

/** A cache as `catalog refresh` would leave it: the embedded data plus a eu-west-1 price that only the cache has. */
async function writeCache(stamp: { refreshedAt: string; regions: string[] } | null = { refreshedAt: refreshedAt.toISOString(), regions: ['eu-west-1'] }) {
  const data = decodeCatalogData(await loadEmbeddedCatalogFile());
  data.onDemand.set('eu-west-1', new Map([['m5.large', 0.107]]));
  if (stamp) data.refresh = stamp;
  await writeFile(join(cacheDir, 'catalog.json'), serialiseCatalog(encodeCatalog(data)));
}

describe('loadCatalog', () => {
  it('uses the embedded catalog, silently, when there is no cache', async () => {
    const { catalog, warnings } = await loadCatalog({ cacheDir, now: refreshedAt });
    expect(catalog.source.kind).toBe('embedded');
    expect(warnings).toEqual([]);
  });

  it('prefers a fresh cache', async () => {
    await writeCache();
    const { catalog, warnings } = await loadCatalog({ cacheDir, now: new Date(refreshedAt.getTime() + 6 * DAY) });
    expect(warnings).toEqual([]);
    expect(catalog.source).toMatchObject({ kind: 'cache', path: join(cacheDir, 'catalog.json'), refreshedRegions: ['eu-west-1'] });
    expect(catalog.onDemandPrice('m5.large', 'eu-west-1')).toBe(0.107);
  });

  it(`falls back to the embedded catalog with a warning once the cache is older than ${DEFAULT_CATALOG_MAX_AGE_DAYS} days`, async () => {
    await writeCache();
    const { catalog, warnings } = await loadCatalog({ cacheDir, now: new Date(refreshedAt.getTime() + 8 * DAY) });
    expect(catalog.source.kind).toBe('embedded');
    expect(catalog.onDemandPrice('m5.large', 'eu-west-1')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('catalog-cache-stale');
    expect(warnings[0]?.message).toContain('8 days ago');
    expect(warnings[0]?.hint).toContain('spawn-slurm catalog refresh --region eu-west-1');
  });

  it('lets the caller choose the maximum age', async () => {
    await writeCache();
    const later = new Date(refreshedAt.getTime() + 20 * DAY);
    expect((await loadCatalog({ cacheDir, now: later, maxAgeDays: 30 })).catalog.source.kind).toBe('cache');
    expect((await loadCatalog({ cacheDir, now: later, maxAgeDays: 10 })).catalog.source.kind).toBe('embedded');
  });

  it.each([
    ['truncated JSON', '{"format":"spawn-slurm-ec2-catalog","vers'],
    ['another format', '{"format":"something-else","version":1}'],
    ['a newer format version', '{"format":"spawn-slurm-ec2-catalog","version":99}'],
    ['an empty file', ''],
  ])('falls back with a warning when the cache is corrupt: %s', async (_what, text) => {
    await writeFile(join(cacheDir, 'catalog.json'), text);
    const { catalog, warnings } = await loadCatalog({ cacheDir, now: refreshedAt });
    expect(catalog.source.kind).toBe('embedded');
    expect(warnings.map((w) => w.code)).toEqual(['catalog-cache-corrupt']);
    expect(warnings[0]?.hint).toContain('spawn-slurm catalog refresh');
  });

  it('rejects a cache without a refresh stamp (its age cannot be told)', async () => {
    await writeCache(null);
    const { warnings } = await loadCatalog({ cacheDir, now: refreshedAt });
    expect(warnings.map((w) => w.code)).toEqual(['catalog-cache-corrupt']);
  });

  it('warns when the cache cannot be read', async () => {
    await mkdir(join(cacheDir, 'catalog.json'));
    const { catalog, warnings } = await loadCatalog({ cacheDir, now: refreshedAt });
    expect(catalog.source.kind).toBe('embedded');
    expect(warnings.map((w) => w.code)).toEqual(['catalog-cache-unreadable']);
  });
});

describe('defaultCatalogCacheDir', () => {
  it('follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCatalogCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me')).toBe('/var/cache/me/spawn-slurm');
    expect(defaultCatalogCacheDir({}, '/home/me')).toBe('/home/me/.cache/spawn-slurm');
    // The XDG spec says a relative path is invalid and must be ignored.
    expect(defaultCatalogCacheDir({ XDG_CACHE_HOME: 'relative/cache' }, '/home/me')).toBe('/home/me/.cache/spawn-slurm');
  });
});
