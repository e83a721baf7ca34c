/**
 * The human view of `estimate`: one block per section (Job, Instance, Cost, Time, Spot, Cluster
 * comparison). Every figure comes from the EstimateReport; nothing is computed here but wording.
 */
import type { ChalkInstance } from 'chalk';
import type { PurchaseCost, RunCost } from '../../estimate/cost.js';
import type { EstimateReport, InstanceChoice } from '../../estimate/report.js';
import { runtimeLabel, type RuntimeBasis } from '../../estimate/runtime.js';
import type { InterruptionBand } from '../../mapping/catalog/types.js';
import { formatRate, formatUsd } from '../../mapping/select/money.js';
import { formatTable } from '../../core/table.js';
import { describeMiB, describeMinutes } from '../../core/units.js';

type Row = readonly [key: string, value: string];

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function block(style: ChalkInstance, title: string, rows: readonly Row[], extra: readonly string[] = []): string {
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  const lines = [style.bold(title), ...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`), ...extra];
  return lines.join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

function memoryText(memory: number | 'all' | null): string {
  if (memory === null) return 'the site default memory';
  return memory === 'all' ? 'all of the node' : describeMiB(memory);
}

function jobBlock(report: EstimateReport, style: ChalkInstance): string {
  const { job } = report;
  const t = job.perTask;
  const gpus = t.gpusPerNode > 0 ? `, ${plural(t.gpusPerNode, 'GPU')}${t.gpuType ? ` (${t.gpuType})` : ''}` : '';
  const rows: Row[] = [
    ['name', job.name],
    ['script', report.file],
    ['tasks', String(job.tasks)],
    ['time limit', job.timeLimitMinutes === null ? style.yellow('none: the cost has no upper bound') : describeMinutes(job.timeLimitMinutes)],
  ];
  if (job.expectedRuntimeMinutes !== null) rows.push(['expected run', describeMinutes(job.expectedRuntimeMinutes)]);
  rows.push(['each task', `${plural(t.nodes, 'node')} × ${plural(t.cpusPerNode, 'CPU')}, ${memoryText(t.memoryPerNodeMiB)}${gpus}`]);
  return block(style, 'Job', rows);
}

function bandText(band: InterruptionBand | null): string {
  return band ? band.label : 'unknown';
}

function rateText(usdPerHour: number | null, estimated = false): string {
  if (usdPerHour === null) return 'unknown';
  return `${formatRate(usdPerHour)}${estimated ? ' est.' : ''}`;
}

function instanceBlock(report: EstimateReport, style: ChalkInstance): string {
  const { instance } = report;
  const rows = [instance.chosen, ...instance.alternatives];
  const table = formatTable<InstanceChoice>(rows, [
    { header: '', value: (r) => (r === instance.chosen ? 'chosen' : 'fallback') },
    { header: 'TYPE', value: (r) => r.instanceType },
    { header: 'VCPUS', value: (r) => String(r.vcpus), align: 'right' },
    { header: 'MEMORY', value: (r) => describeMiB(r.memoryMiB), align: 'right' },
    { header: 'GPUS', value: (r) => (r.gpu ? `${r.gpu.count}× ${r.gpu.model}` : '-') },
    { header: 'SPOT', value: (r) => rateText(r.spotUsdPerHour, r.spotEstimated), align: 'right' },
    { header: 'ON-DEMAND', value: (r) => rateText(r.onDemandUsdPerHour), align: 'right' },
    { header: 'INTERRUPTIONS', value: (r) => bandText(r.interruption) },
    { header: 'WHY', value: (r) => r.reason },
  ]);
  const purchase = instance.purchase === instance.boughtAs ? instance.purchase : `${instance.purchase} (bought as ${instance.boughtAs})`;
  const { packing } = report;
  const layout =
    instance.instancesPerTask > 1 || report.job.tasks === 1
      ? `${plural(instance.instancesPerTask, 'instance')} per task`
      : `${plural(packing.tasksPerInstance, 'task')} at a time on each of ${plural(packing.instances, 'instance')}`;
  const title = `Instance  ${instance.region}, ${purchase}, ${layout}`;
  const extra = [indent(table)];
  if (rows.some((r) => r.spotEstimated)) extra.push(style.dim('  est.: an offline spot estimate, not a market price (see the spot basis under Cost)'));
  return block(style, title, [], extra);
}

function purchaseLabel(cost: PurchaseCost): string {
  return cost.known && cost.estimated ? `${cost.purchase} (estimate)` : cost.purchase;
}

interface CostRow {
  label: string;
  rate: string;
  perTask: string;
  total: string;
  basis: string;
}

function runRows(cost: Extract<PurchaseCost, { known: true }>, runs: readonly RunCost[]): CostRow[] {
  return runs.map((run, i) => ({
    label: i === 0 ? purchaseLabel(cost) : '',
    rate: i === 0 ? formatRate(cost.usdPerHour) : '',
    perTask: formatUsd(run.perTaskUsd),
    total: formatUsd(run.totalUsd),
    basis: `${runtimeLabel(run.basis)}: ${describeMinutes(run.runtimeMinutes)} run`,
  }));
}

function hourlyRow(cost: Extract<PurchaseCost, { known: true }>, concurrency: number): CostRow {
  return {
    label: purchaseLabel(cost),
    rate: formatRate(cost.usdPerHour),
    perTask: formatRate(cost.hourly.perTaskUsd),
    total: formatRate(cost.hourly.whileRunningUsd),
    basis: `per hour: ${concurrency} task${concurrency === 1 ? '' : 's'} running at once`,
  };
}

function costBlock(report: EstimateReport, style: ChalkInstance): string {
  const { billing, time } = report;
  const costs = [report.cost.spot, report.cost.onDemand];
  const hourlyOnly = time.runs.length === 0;
  const rows = costs.flatMap((cost) => (!cost.known ? [] : hourlyOnly ? [hourlyRow(cost, time.concurrency)] : runRows(cost, cost.runs)));
  const extra: string[] = [];
  if (rows.length > 0) {
    const table = formatTable<CostRow>(rows, [
      { header: 'PURCHASE', value: (r) => r.label },
      { header: 'PER INSTANCE', value: (r) => r.rate, align: 'right' },
      { header: 'PER TASK', value: (r) => r.perTask, align: 'right' },
      { header: hourlyOnly ? 'ALL RUNNING' : `ALL ${plural(time.tasks, 'TASK').toUpperCase()}`, value: (r) => r.total, align: 'right' },
      { header: 'FOR', value: (r) => r.basis },
    ]);
    extra.push(indent(table));
  }
  for (const cost of costs) {
    if (cost.known) {
      extra.push(style.dim(`  ${cost.purchase} price: ${cost.basis}`));
    } else {
      extra.push(`  ${style.yellow(`${cost.purchase}: no price`)}: ${cost.reason}`);
      if (cost.howToGet) extra.push(`    to get one: ${cost.howToGet}`);
    }
  }
  extra.push(...onePerInstanceLines(report));
  const title = `Cost  billed ${billing.rule}; each instance includes ${billing.startupMinutes} min start-up (assumed)`;
  return block(style, title, [], extra);
}

/** What the same job would cost with one fresh instance per task: the figure packing saves against. */
function onePerInstanceLines(report: EstimateReport): string[] {
  const { packing, instance } = report;
  if (report.job.tasks === 1 || packing.instances === packing.onePerInstance.instances) return [];
  const bought = instance.boughtAs === 'spot' ? 'spot' : 'onDemand';
  const packed = report.cost[bought];
  const single = packing.onePerInstance.cost[bought];
  if (!packed.known || !single.known) return [];
  return packed.runs.flatMap((run, i) => {
    const other = single.runs[i];
    if (!other) return [];
    const saved = other.totalUsd - run.totalUsd;
    const verdict =
      Math.abs(saved) < 0.005 ? 'packed costs the same, with fewer instances to start' : saved > 0 ? `packed saves ${formatUsd(saved)}` : `packed costs ${formatUsd(-saved)} more`;
    return [
      `  one task per instance (${packing.onePerInstance.instances} × ${packing.onePerInstance.instanceType}, ${packed.purchase}): ${formatUsd(other.totalUsd)} for ${basisWord(run.basis)}; ${verdict}`,
    ];
  });
}

function concurrencyText(report: EstimateReport): string {
  const { time, job } = report;
  const limit = job.tasks === 1 ? '1 task' : `${time.concurrency} of ${job.tasks} tasks at once`;
  switch (time.concurrencySource) {
    case 'array-throttle':
      return `${limit} (the array's %${time.concurrency})`;
    case 'mapping-limit':
      return `${limit} (mapping.yaml max_concurrent)`;
    case 'all-at-once':
      return job.tasks === 1 ? limit : `all ${job.tasks} tasks at once (no %N or max_concurrent limits them)`;
  }
}

const basisWord = (basis: RuntimeBasis) => (basis === 'time-limit' ? 'upper bound' : 'expected');

function timeBlock(report: EstimateReport, style: ChalkInstance): string {
  const { time } = report;
  const wall =
    time.runs.length === 0
      ? style.yellow('unknown: no time limit (pass --expected-runtime for an expected figure)')
      : time.runs.map((run) => `${describeMinutes(run.wallMinutes)} ${basisWord(run.basis)}`).join('; ');
  const { packing } = report;
  const reused = packing.instances < packing.onePerInstance.instances;
  const rounds = time.waves === 1 ? '1' : `${time.waves} (${time.tasks} tasks ÷ ${time.concurrency} at once, rounded up)`;
  return block(style, 'Time', [
    ['concurrency', concurrencyText(report)],
    reused ? ['rounds', `${rounds}; each instance runs its next task without booting again`] : ['waves', rounds],
    ['wall time', wall],
    ['start-up', `${time.startupMinutes} min ${reused ? 'per instance' : 'per wave'}, assumed (boot, launcher set-up, job download)`],
  ]);
}

function spotBlock(report: EstimateReport, style: ChalkInstance): string {
  const { instance, spot } = report;
  const band = spot.interruption
    ? `${spot.interruption.label} interruption frequency (Spot Instance Advisor band ${spot.interruption.index} of 4, over its last month)`
    : `unknown for ${instance.chosen.instanceType} in ${instance.region}`;
  const rows: Row[] = [['interruptions', band]];
  if (instance.boughtAs === 'on-demand') rows.push(['', 'the plan buys on-demand: no interruptions']);
  return block(style, 'Spot', rows);
}

function savedText(minutes: number): string {
  if (minutes === 0) return 'none';
  return minutes > 0 ? `${describeMinutes(minutes)} sooner in the cloud` : `${describeMinutes(-minutes)} later in the cloud`;
}

function clusterBlock(report: EstimateReport, style: ChalkInstance): string {
  const { cluster, cost, instance } = report;
  const bought = instance.boughtAs === 'spot' ? cost.spot : cost.onDemand;
  const rows: Row[] = [];
  if (cluster.queueWaitMinutes !== null) rows.push(['queue wait', `${describeMinutes(cluster.queueWaitMinutes)} (${cluster.queueWaitSource ?? 'mapping.yaml'})`]);
  if (cluster.internalUsdPerTaskHour !== null) {
    const gpus = cluster.gpusPerTask > 0 ? ` + ${plural(cluster.gpusPerTask, 'GPU')} × ${formatUsd(cluster.gpuHourPriceUsd ?? 0)}` : '';
    rows.push(['internal price', `${plural(cluster.coresPerTask, 'core')} × ${formatUsd(cluster.coreHourPriceUsd ?? 0)}${gpus} = ${formatRate(cluster.internalUsdPerTaskHour)} per task`]);
    if (bought.known) rows.push(['cloud price', `${formatRate(bought.hourly.perTaskUsd)} per task (${bought.purchase}${bought.estimated ? ', estimate' : ''})`]);
  }
  const extra: string[] = [];
  if (cluster.runs.length > 0 && (cluster.internalUsdPerTaskHour !== null || cluster.queueWaitMinutes !== null)) {
    const table = formatTable(cluster.runs, [
      { header: 'FOR', value: (r) => basisWord(r.basis) },
      { header: 'CLUSTER COST', value: (r) => (r.internalUsd === null ? '-' : formatUsd(r.internalUsd)), align: 'right' },
      { header: `CLOUD (${instance.boughtAs.toUpperCase()})`, value: (r) => cloudCostFor(bought, r.basis), align: 'right' },
      { header: 'CLUSTER WALL', value: (r) => (r.wallMinutes === null ? '-' : describeMinutes(r.wallMinutes)) },
      { header: 'CLOUD WALL', value: (r) => describeMinutes(r.cloudWallMinutes) },
      { header: 'TIME SAVED', value: (r) => (r.timeSavedMinutes === null ? '-' : savedText(r.timeSavedMinutes)) },
    ]);
    extra.push(indent(table));
  }
  if (cluster.missingKeys.length > 0) {
    extra.push(`  ${style.yellow('missing figures')}: set ${cluster.missingKeys.join(', ')} in mapping.yaml to compare with your cluster`);
  }
  extra.push(...cluster.assumptions.map((a) => style.dim(`  assumes ${a}`)));
  return block(style, `Cluster comparison${cluster.name ? `  ${cluster.name}` : ''}`, rows, extra);
}

function cloudCostFor(cost: PurchaseCost, basis: RuntimeBasis): string {
  if (!cost.known) return 'unknown';
  const run = cost.runs.find((r) => r.basis === basis);
  return run ? formatUsd(run.totalUsd) : '-';
}

export function formatEstimate(report: EstimateReport, style: ChalkInstance): string {
  const warnings = report.warnings.map((w) => `${style.yellow('warning')}: ${w}`);
  const sections = [jobBlock, instanceBlock, costBlock, timeBlock, spotBlock, clusterBlock].map((section) => section(report, style));
  return `${[...(warnings.length > 0 ? [warnings.join('\n')] : []), ...sections].join('\n\n')}\n`;
}
