/**
 * Reading one event from JSON text: the text must be JSON, and the event must carry the fields Amazon
 * EventBridge's TestEventPattern requires of one (id, account, source, time, region, resources,
 * detail-type), with `detail` an object when present. The detail itself is not checked: rules also
 * see events from outside spawn-slurm (an S3 "Object Created", a webhook's).
 */
import { LineIndex } from '../parser/line-index.js';
import { isJsonObject, ownField, type JsonObject } from './json.js';

const REQUIRED_TEXT = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

export type EventReading = { ok: true; event: JsonObject } | { ok: false; problem: string; hint?: string };

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** What the value lacks to be an event, as phrases ("detail-type" is missing); none for an event. */
function envelopeProblems(value: unknown): string[] {
  if (!isJsonObject(value)) return [`it is ${kind(value)}, not an object`];
  const problems: string[] = [];
  for (const field of REQUIRED_TEXT) {
    const got = ownField(value, field);
    if (got === undefined) problems.push(`"${field}" is missing`);
    else if (typeof got !== 'string') problems.push(`"${field}" is ${kind(got)}, not a string`);
  }
  const resources = ownField(value, 'resources');
  if (resources === undefined) problems.push('"resources" is missing');
  else if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) problems.push('"resources" must be a list of strings');
  const detail = ownField(value, 'detail');
  if (detail !== undefined && !isJsonObject(detail)) problems.push(`"detail" is ${kind(detail)}, not an object`);
  const version = ownField(value, 'version');
  if (version !== undefined && typeof version !== 'string') problems.push(`"version" is ${kind(version)}, not a string`);
  return problems;
}

const SHAPE_HINT = 'an event has version, id, detail-type, source, account, time, region, resources and detail (docs/events.md)';

export function readEventJson(text: string): EventReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const at = offset === undefined ? undefined : new LineIndex(text).position(Number(offset));
    const where = at ? ` (line ${at.line}, column ${at.column})` : '';
    const several = /after JSON/.test(message) && text.trim().split('\n').length > 1;
    return { ok: false, problem: `not valid JSON: ${message}${where}`, ...(several ? { hint: 'give one event: a job log (events.jsonl) holds one per line' } : {}) };
  }
  const problems = envelopeProblems(value);
  if (problems.length === 0 && isJsonObject(value)) return { ok: true, event: value };
  return { ok: false, problem: `not an EventBridge event: ${problems.join(', ')}`, hint: SHAPE_HINT };
}
