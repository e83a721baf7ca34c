// Event figures.
//   events.per_second_100_rules     10,000 events put in the inbox, matched by `events dispatch` against 100
//                                   rules (each event matches one: varied prefix, numeric and anything-but
//                                   patterns), each match claimed in the ledger, spooled for a sink and
//                                   delivered to an EventBridge stand-in (PutEvents, 10 a call)
//   events.per_second_1_rule        the same events and sink with one rule, in the same run: the baseline
//   events.followup_latency_ms_p50  a local job ends → a rule submits its follow-up → the follow-up starts:
//   events.followup_latency_ms_p99  from the first job's last line to the follow-up's first, 200 runs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const EVENTS = 10_000;
const LATENCY_RUNS = Number(process.env.BENCH_EVENTS_LATENCY_RUNS ?? 200);

async function loadBundle() {
  const outfile = join(root, 'bench', 'tmp', 'events-bundle.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [join(root, 'bench', 'events-entry.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
}

/** Rule i matches the events of site i (a prefix), of a size in its range (numeric), from any instrument but a test one. */
function ruleYaml(i) {
  return [
    `  - name: site-${i}`,
    '    pattern:',
    '      detail-type: [Object Created]',
    '      detail:',
    `        object: { key: [{ prefix: "site-${i}/" }], size: [{ numeric: [">=", 0, "<", 1000000] }] }`,
    '        instrument: [{ anything-but: [test] }]',
    '    actions:',
    '      - sink: bus',
  ].join('\n');
}

function eventLine(config, n, sites) {
  const event = {
    version: '0',
    id: `bench-${n}`,
    'detail-type': 'Object Created',
    source: 'lab.instrument',
    account: '',
    time: '2026-12-02T12:00:00Z',
    region: '',
    resources: [],
    detail: { object: { key: `site-${n % sites}/run-${n}.csv`, size: 1000 + (n % 5000) }, instrument: `scope-${n % 7}` },
  };
  return JSON.stringify({ rulesConfig: config, event });
}

async function dispatchRate(lib, rules) {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-events-'));
  const bridge = await lib.startFakeEventBridge({ maxLifetimeMs: 600_000 });
  try {
    const state = join(dir, 'state');
    const config = join(dir, 'mapping.yaml');
    writeFileSync(
      config,
      [`sinks:`, '  - name: bus', '    type: eventbridge', '    bus: bench', `    region: ${bridge.region}`, 'rules:', ...Array.from({ length: rules }, (_, i) => ruleYaml(i)), ''].join(
        '\n',
      ),
    );
    mkdirSync(join(state, 'events'), { recursive: true });
    writeFileSync(join(state, 'events', 'inbox.jsonl'), `${Array.from({ length: EVENTS }, (_, n) => eventLine(config, n, rules)).join('\n')}\n`);
    writeFileSync(join(state, 'events', 'has-rules'), '');
    const env = {
      ...process.env,
      SPAWN_SLURM_STATE_DIR: state,
      SPAWN_SLURM_EVENTBRIDGE_ENDPOINT: bridge.url,
      AWS_ACCESS_KEY_ID: bridge.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: bridge.credentials.secretAccessKey,
    };
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, 'events', 'dispatch', '--json'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`events dispatch exited ${result.status}: ${result.stderr}`);
    const acted = JSON.parse(result.stdout).acted;
    const delivered = bridge.calls.reduce((n, call) => n + call.entries.length - call.failed.length, 0);
    if (acted !== EVENTS || delivered !== EVENTS) throw new Error(`expected ${EVENTS} acted and delivered, got ${acted} and ${delivered}`);
    return { seconds, calls: bridge.calls.length };
  } finally {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function followupLatencies(runs) {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-followup-'));
  const state = join(dir, 'state');
  const marks = join(dir, 'marks');
  mkdirSync(marks);
  const env = { ...process.env, SPAWN_SLURM_STATE_DIR: state, SPAWN_SLURM_SUPERVISOR_IDLE_MS: '600000', SPAWN_SLURM_CONFIG: join(dir, 'mapping.yaml') };
  writeFileSync(
    join(dir, 'mapping.yaml'),
    ['rules:', '  - name: follow', '    pattern:', '      detail-type: [Job Ended]', '      detail: { name: [first] }', '    actions:', '      - submit: second.sbatch', ''].join('\n'),
  );
  writeFileSync(join(dir, 'first.sbatch'), `#!/bin/bash\n#SBATCH -J first -t 1 -o /dev/null\ndate +%s%N > '${marks}'/first-$SLURM_JOB_ID\n`);
  writeFileSync(join(dir, 'second.sbatch'), `#!/bin/bash\n#SBATCH -J second -t 1 -o /dev/null\ndate +%s%N > '${marks}'/second-$SPAWN_EVENT_JOB_ID\n`);
  const latencies = [];
  try {
    for (let run = 0; run < runs; run++) {
      const submit = spawnSync(process.execPath, [bin, 'submit', '--parsable', 'first.sbatch'], { cwd: dir, env, encoding: 'utf8' });
      if (submit.status !== 0) throw new Error(`submit exited ${submit.status}: ${submit.stderr}`);
      const id = submit.stdout.trim();
      const second = join(marks, `second-${id}`);
      for (const deadline = Date.now() + 60_000; !(existsSync(second) && readFileSync(second, 'utf8').trim()); await sleep(5)) {
        if (Date.now() > deadline) throw new Error(`the follow-up of job ${id} did not start within 60 s (see ${state}/events/dispatch.log)`);
      }
      const ns = (file) => BigInt(readFileSync(file, 'utf8').trim());
      latencies.push(Number(ns(second) - ns(join(marks, `first-${id}`))) / 1e6);
    }
  } finally {
    spawnSync(process.execPath, [bin, 'cancel', '--state', 'PENDING'], { cwd: dir, env, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
  return latencies.sort((a, b) => a - b);
}

export const benchmarks = [
  {
    name: 'events.rules',
    async run() {
      const lib = await loadBundle();
      process.stderr.write(`  events: ${EVENTS} events, 1 rule…\n`);
      const one = await dispatchRate(lib, 1);
      process.stderr.write(`  events: ${EVENTS} events, 100 rules…\n`);
      const hundred = await dispatchRate(lib, 100);
      const how = (r, rules) =>
        `${EVENTS} events through events dispatch (one process): ${rules} rule(s), each event matched, claimed, spooled and sent to an EventBridge stand-in in ${r.calls} PutEvents calls; ${r.seconds.toFixed(2)} s`;
      return {
        'events.per_second_100_rules': { value: EVENTS / hundred.seconds, goal: `≥ 0.5 × events.per_second_1_rule`, note: how(hundred, 100) },
        'events.per_second_1_rule': { value: EVENTS / one.seconds, note: how(one, 1) },
      };
    },
  },
  {
    name: 'events.followup',
    async run() {
      process.stderr.write(`  events: ${LATENCY_RUNS} follow-ups on the local backend…\n`);
      const sorted = await followupLatencies(LATENCY_RUNS);
      const note = `local backend, ${sorted.length} runs one after another: the first job's last line → its Job Ended → the rule's submit → the follow-up's first line (min ${sorted[0].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms)`;
      return {
        'events.followup_latency_ms_p50': { value: percentile(sorted, 50), note },
        'events.followup_latency_ms_p99': { value: percentile(sorted, 99), note },
      };
    },
  },
];
