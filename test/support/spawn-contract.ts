/**
 * Checks a spawn parameter file against the launcher's real contract (../shared/docs/spawn-params.md).
 * Returns the violations, in words; an empty list means spawn loads the file and reads every key as meant.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';

const TOP_LEVEL = new Set(['defaults', 'params']);
const STRING_KEYS = new Set(['instance_type', 'region', 'az', 'ami', 'spot_max_price', 'completion_file', 'command', 'iam_role', 'key_name', 'name', 'step', 'dns']);
const DURATION_KEYS = new Set(['ttl', 'idle_timeout', 'session_timeout', 'completion_delay']);
const NUMBER_KEYS = new Set(['cost_limit', 'volume_size']);
const MEANINGFUL = new Set([...STRING_KEYS, ...DURATION_KEYS, ...NUMBER_KEYS, 'spot', 'on_complete']);
const RESERVED = new Set(['max_concurrent', 'time_limit', 'walltime', 'instance_types', 'ami_id', 'sweep_name', 'disk_size', 'budget', 'launch_delay']);
const ON_COMPLETE = new Set(['terminate', 'stop', 'hibernate']);
const GO_DURATION = /^(\d+(h|m|s))+$/;
const CONCRETE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const PASSTHROUGH_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_PASSTHROUGH = 25;
const COMMAND_LIMIT = 256;
const VALUE_LIMIT = 256;

export interface ContractOptions {
  /** The job has a known AMI, so every row must name it. */
  amiKnown?: boolean;
}

type Row = Record<string, unknown>;

const isMap = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkRow(row: Row, where: string, options: ContractOptions, problems: string[]): void {
  const passthrough = Object.keys(row).filter((key) => !MEANINGFUL.has(key));
  for (const [key, value] of Object.entries(row)) {
    const at = `${where}: ${key}`;
    if (key === 'script') problems.push(`${at}: there is no script key (the body travels by S3 or user data)`);
    if (STRING_KEYS.has(key) && typeof value !== 'string') problems.push(`${at} must be a string, not ${JSON.stringify(value)}`);
    if (DURATION_KEYS.has(key) && (typeof value !== 'string' || !GO_DURATION.test(value))) problems.push(`${at} must be a Go duration string with h/m/s only, not ${JSON.stringify(value)}`);
    if (NUMBER_KEYS.has(key) && typeof value !== 'number') problems.push(`${at} must be a number`);
    if (key === 'spot' && typeof value !== 'boolean') problems.push(`${at} must be a real boolean, not ${JSON.stringify(value)}`);
    if (key === 'on_complete' && !ON_COMPLETE.has(String(value))) problems.push(`${at} must be terminate, stop or hibernate`);
    if (key === 'command' && typeof value === 'string' && value.length > COMMAND_LIMIT) problems.push(`${at} is ${value.length} characters; at most ${COMMAND_LIMIT}`);
    if (key === 'instance_type' && typeof value === 'string' && !CONCRETE_TYPE.test(value)) problems.push(`${at} must be one concrete type, not ${JSON.stringify(value)}`);
    if (typeof value === 'string' && /[\n\r]/.test(value)) problems.push(`${at} contains a newline`);
  }
  for (const key of passthrough) {
    const value = row[key];
    const at = `${where}: passthrough ${key}`;
    if (!PASSTHROUGH_NAME.test(key)) problems.push(`${at}: the name must match [A-Za-z_][A-Za-z0-9_]*`);
    if (RESERVED.has(key)) problems.push(`${at}: the name is reserved by spawn`);
    if (typeof value !== 'string') problems.push(`${at} must be a string, not ${JSON.stringify(value)}`);
    else if (value.length > VALUE_LIMIT) problems.push(`${at} is longer than ${VALUE_LIMIT} characters`);
  }
  if (passthrough.length > MAX_PASSTHROUGH) problems.push(`${where}: ${passthrough.length} passthrough keys; at most ${MAX_PASSTHROUGH}`);
  for (const key of ['instance_type', 'region', 'command', 'ttl', 'on_complete']) if (!(key in row)) problems.push(`${where}: ${key} is missing`);
  if (options.amiKnown && !('ami' in row)) problems.push(`${where}: ami is missing although it is known`);
}

/** Violations of a parsed document: top-level shape, then every row as spawn sees it (defaults overlaid by the row). */
function checkParamDocument(doc: unknown, options: ContractOptions = {}): string[] {
  const problems: string[] = [];
  if (!isMap(doc)) return ['the file must be a map with defaults and params'];
  for (const key of Object.keys(doc)) if (!TOP_LEVEL.has(key)) problems.push(`top-level key ${key} is not defaults or params`);
  const defaults = doc.defaults ?? {};
  if (!isMap(defaults)) problems.push('defaults must be a map');
  const params = doc.params;
  if (!Array.isArray(params) || params.length === 0) return [...problems, 'params must be a list with at least one row'];
  params.forEach((row, i) => {
    if (!isMap(row)) problems.push(`params[${i}] must be a map`);
    else checkRow({ ...(isMap(defaults) ? defaults : {}), ...row }, `params[${i}]`, options, problems);
  });
  // The same message for every row would drown the rest: keep each distinct one once, with a count.
  const counts = new Map<string, number>();
  for (const p of problems) {
    const key = p.replace(/^params\[\d+\]/, 'params[*]');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([p, n]) => (n > 1 ? `${p} (${n} rows)` : p));
}

/** Loads text the way spawn does: by the file extension, anything but YAML read as JSON. YAML is read with both 1.1 (Go's yaml.v2) and 1.2 rules. */
export function checkParamText(text: string, fileName: string, options: ContractOptions = {}): string[] {
  const ext = extname(fileName).toLowerCase();
  try {
    if (ext === '.yaml' || ext === '.yml') {
      const v11 = checkParamDocument(parse(text, { version: '1.1', uniqueKeys: true }), options);
      const v12 = checkParamDocument(parse(text, { version: '1.2', uniqueKeys: true }), options);
      return [...new Set([...v11.map((p) => `${p} (YAML 1.1)`), ...v12])].filter((p, _, all) => !(p.endsWith(' (YAML 1.1)') && all.includes(p.slice(0, -' (YAML 1.1)'.length))));
    }
    return checkParamDocument(JSON.parse(text), options);
  } catch (error) {
    return [`${fileName} does not load: ${(error as Error).message}`];
  }
}

export function checkParamFile(path: string, options: ContractOptions = {}): string[] {
  return checkParamText(readFileSync(path, 'utf8'), path, options);
}
