import { encodeCatalog } from './encode.js';
import { readInstanceTypesTsv, readOnDemandTsv, readSourceStamps, readSpotAdvisor } from './fact-tables.js';
import { FACT_FILES } from './fact-files.js';
import type { CatalogFile } from './file-format.js';

export { FACT_FILES };
/** The generator writes the catalog with this (re-exported so it needs one bundle). */
export { serialiseCatalog } from './encode.js';

export type FactTablesText = Record<keyof typeof FACT_FILES, string>;

export interface EmbeddedBuild {
  file: CatalogFile;
  /** Anything wrong in the tables; the generator writes nothing when there is one. */
  problems: string[];
  /** Types that are priced or advised but have no facts row, so cannot be offered (p3, g3, …). */
  droppedWithoutFacts: { priced: string[]; advised: string[] };
}

/** Builds the embedded catalog from the fact tables' text. Pure: the caller reads the files and the date. */
export function buildEmbeddedCatalog(tables: FactTablesText, generatedAt: string): EmbeddedBuild {
  const facts = readInstanceTypesTsv(tables.instanceTypes, FACT_FILES.instanceTypes);
  const onDemand = readOnDemandTsv(tables.onDemand, FACT_FILES.onDemand);
  const advisor = readSpotAdvisor(tables.spotAdvisor, FACT_FILES.spotAdvisor);
  const stamps = readSourceStamps(tables.readme, [FACT_FILES.instanceTypes, FACT_FILES.onDemand, FACT_FILES.spotAdvisor]);
  const problems = [...facts.problems, ...onDemand.problems, ...advisor.problems, ...stamps.problems];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(generatedAt)) problems.push(`generation date must be YYYY-MM-DD, got ${JSON.stringify(generatedAt)}`);

  const known = new Set(facts.value.map((f) => f.name));
  const withoutFacts = (maps: Iterable<Map<string, unknown>>) => [...new Set([...maps].flatMap((m) => [...m.keys()]))].filter((name) => !known.has(name)).sort();

  return {
    file: encodeCatalog({
      generatedAt,
      sources: stamps.value,
      facts: facts.value,
      onDemand: onDemand.value,
      spotAdvisor: advisor.value,
      spotPrices: new Map(),
      offerings: new Map(),
    }),
    problems,
    droppedWithoutFacts: { priced: withoutFacts(onDemand.value.values()), advised: withoutFacts(advisor.value.regions.values()) },
  };
}
