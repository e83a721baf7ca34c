/**
 * Reading one event from JSON text: the text must be JSON, and the event must carry the fields Amazon
 * EventBridge's TestEventPattern requires of one (id, account, source, time, region, resources,
 * detail-type), with `detail` an object when present. The detail itself is not checked: rules also
 * see events from outside spawn-slurm (an S3 "Object Created", a webhook's).
 */
import { isJsonObject, ownField, type JsonObject } from './json.js';
import { parseJsonText } from './json-text.js';

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

/** A parsed value as an event: the same checks as readEventJson, for events that arrive already parsed (a batch's entries). */
export function checkEventEnvelope(value: unknown): EventReading {
  const problems = envelopeProblems(value);
  if (problems.length === 0 && isJsonObject(value)) return { ok: true, event: value };
  return { ok: false, problem: `not an EventBridge event: ${problems.join(', ')}`, hint: SHAPE_HINT };
}

export function readEventJson(text: string): EventReading {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const several = /after JSON/.test(parsed.problem) && text.trim().split('\n').length > 1;
    return { ok: false, problem: parsed.problem, ...(several ? { hint: 'give one event: a job log (events.jsonl) holds one per line' } : {}) };
  }
  return checkEventEnvelope(parsed.value);
}
