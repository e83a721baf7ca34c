// `npm run bench [-- FILTER]`: prints a table and writes bench/results.json (figure name → number).
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { lintBenchmarks } from './lint.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const suites = [...lintBenchmarks];
const optional = ['./select.mjs', './convert.mjs', './local.mjs', './slurm.mjs', './ec2.mjs', './events.mjs'];
for (const path of optional) {
  if (existsSync(join(here, path.slice(2)))) suites.push(...(await import(path)).benchmarks);
}

const resultsPath = join(here, 'results.json');
const results = existsSync(resultsPath) && filter ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const rows = [];
for (const suite of suites) {
  if (filter && !suite.name.includes(filter)) continue;
  process.stderr.write(`running ${suite.name}…\n`);
  const figures = await suite.run();
  for (const [name, figure] of Object.entries(figures)) {
    results[name] = figure.value;
    rows.push([name, formatNumber(figure.value), figure.goal ?? '', figure.note ?? '']);
  }
}

function formatNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return value.toPrecision(4);
}

const header = ['figure', 'value', 'goal', 'how measured'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) =>
  cells
    .map((c, i) => String(c).padEnd(widths[i]))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${resultsPath}`);
