import { describeMiB } from '../../core/units.js';
import { suggest } from '../../util/suggest.js';
import type { InstanceNeeds } from '../plan-types.js';
import type { CatalogIndex } from './catalog-index.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What one node needs, as a phrase: `8 vCPUs, 35.6 GiB memory and 1 a10g GPU, with EFA`. */
export function describeNeeds(needs: InstanceNeeds): string {
  const parts = [plural(needs.vcpus, 'vCPU')];
  if (needs.memoryMiB !== null) parts.push(`${describeMiB(needs.memoryMiB)} memory`);
  if (needs.gpus > 0) parts.push(`${needs.gpus} ${needs.gpuModel ? `${needs.gpuModel} ` : ''}GPU${needs.gpus === 1 ? '' : 's'}`);
  const last = parts.pop() as string;
  const list = parts.length > 0 ? `${parts.join(', ')} and ${last}` : last;
  return needs.efa ? `${list}, with EFA` : list;
}

/** Catalog type names close to a misspelt one (`c5.2xlage` → `c5.2xlarge`). */
export function suggestTypeNames(index: CatalogIndex, name: string): string[] {
  return suggest(name.toLowerCase(), index.byName.keys(), 2);
}
