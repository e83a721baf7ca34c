import type { InstanceTypeSelector } from '../config/types.js';
import type { CatalogIndex } from './catalog-index.js';

/** 1 for every type a partition's `instance_types` admits (concrete types and whole families). */
export function allowListMask(index: CatalogIndex, allowList: readonly InstanceTypeSelector[]): Uint8Array {
  const mask = new Uint8Array(index.types.length);
  const families = new Set(allowList.flatMap((s) => (s.kind === 'family' ? [s.family] : [])));
  if (families.size > 0)
    index.types.forEach((t, i) => {
      mask[i] = families.has(t.family) ? 1 : 0;
    });
  for (const selector of allowList) {
    if (selector.kind !== 'type') continue;
    const i = index.byName.get(selector.type);
    if (i !== undefined) mask[i] = 1;
  }
  return mask;
}

/** Whether a type is admitted by the allow-list (an empty list admits every type). */
export function allowListAdmits(allowList: readonly InstanceTypeSelector[], type: { name: string; family: string }): boolean {
  if (allowList.length === 0) return true;
  return allowList.some((s) => (s.kind === 'type' ? s.type === type.name : s.family === type.family));
}

export function describeSelector(selector: InstanceTypeSelector): string {
  return selector.kind === 'type' ? selector.type : `${selector.family}.*`;
}

/** Entries of the allow-list that name nothing in the catalog. */
export function unknownSelectors(index: CatalogIndex, allowList: readonly InstanceTypeSelector[]): InstanceTypeSelector[] {
  return allowList.filter((s) => (s.kind === 'type' ? !index.byName.has(s.type) : !index.types.some((t) => t.family === s.family)));
}
