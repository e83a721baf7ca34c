/**
 * A request body as events: one event object, or a list of at most ten (PutEvents' own limit per call).
 * An entry is an EventBridge event (the envelope readEventJson checks) or a PutEvents entry
 * (`{Source, DetailType, Detail: "<JSON text>", Resources?, Time?}`), which becomes one as EventBridge
 * makes it: a new id, empty account and region, `time` from `Time` or now. All entries are good or
 * none is taken.
 */
import { randomUUID } from 'node:crypto';
import { checkEventEnvelope } from '../event-envelope.js';
import { eventTime } from '../event-time.js';
import { isJsonObject, ownField, type JsonObject } from '../json.js';
import { parseJsonText } from '../json-text.js';

const MAX_EVENTS_PER_REQUEST = 10;

export type IncomingReading = { ok: true; events: JsonObject[] } | { ok: false; problem: string; hint?: string };

type EntryReading = { ok: true; event: JsonObject } | { ok: false; problem: string; hint?: string };

const PUT_EVENTS_HINT = 'a PutEvents entry has Source, DetailType and Detail (a JSON object as text), and optionally Resources and Time';

const isPutEventsEntry = (value: JsonObject) =>
  ['Source', 'DetailType', 'Detail'].some((field) => ownField(value, field) !== undefined) && ownField(value, 'source') === undefined && ownField(value, 'detail-type') === undefined;

/** PutEvents' `Time`: an ISO 8601 string or epoch seconds, as the AWS CLI and SDKs send it. */
function entryTime(value: unknown): Date | string {
  if (value === undefined) return new Date();
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  return Number.isNaN(date.getTime()) ? '"Time" must be an ISO 8601 time or epoch seconds' : date;
}

const nonEmptyText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const textList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `Detail` as an object, or what is wrong with it. */
function entryDetail(value: unknown): JsonObject | string {
  if (typeof value !== 'string') return '"Detail" must be a string holding a JSON object';
  const parsed = parseJsonText(value);
  if (!parsed.ok) return `"Detail" is ${parsed.problem}`;
  return isJsonObject(parsed.value) ? parsed.value : '"Detail" must hold a JSON object';
}

function fromPutEventsEntry(entry: JsonObject): EntryReading {
  const source = ownField(entry, 'Source');
  const detailType = ownField(entry, 'DetailType');
  const resources = ownField(entry, 'Resources') ?? [];
  const detail = entryDetail(ownField(entry, 'Detail'));
  const time = entryTime(ownField(entry, 'Time'));
  if (nonEmptyText(source) && nonEmptyText(detailType) && textList(resources) && typeof detail !== 'string' && typeof time !== 'string')
    return { ok: true, event: { version: '0', id: randomUUID(), 'detail-type': detailType, source, account: '', time: eventTime(time), region: '', resources, detail } };
  const problems = [
    ...(nonEmptyText(source) ? [] : ['"Source" must be a non-empty string']),
    ...(nonEmptyText(detailType) ? [] : ['"DetailType" must be a non-empty string']),
    ...(typeof detail === 'string' ? [detail] : []),
    ...(textList(resources) ? [] : ['"Resources" must be a list of strings']),
    ...(typeof time === 'string' ? [time] : []),
  ];
  return { ok: false, problem: `not a PutEvents entry: ${problems.join(', ')}`, hint: PUT_EVENTS_HINT };
}

const readEntry = (value: unknown): EntryReading => (isJsonObject(value) && isPutEventsEntry(value) ? fromPutEventsEntry(value) : checkEventEnvelope(value));

export function readIncomingEvents(text: string): IncomingReading {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, hint: 'send one event as a JSON object, or a JSON list of events' };
  if (!Array.isArray(parsed.value)) {
    const reading = readEntry(parsed.value);
    return reading.ok ? { ok: true, events: [reading.event] } : reading;
  }
  const entries: unknown[] = parsed.value;
  if (entries.length === 0) return { ok: false, problem: 'the list holds no events', hint: 'send one event, or a list of 1 to 10' };
  if (entries.length > MAX_EVENTS_PER_REQUEST)
    return { ok: false, problem: `the list holds ${entries.length} events: at most ${MAX_EVENTS_PER_REQUEST} go in one request, as in PutEvents`, hint: 'send them in several requests' };
  const events: JsonObject[] = [];
  const problems: string[] = [];
  let hint: string | undefined;
  entries.forEach((entry, index) => {
    const reading = readEntry(entry);
    if (reading.ok) events.push(reading.event);
    else {
      problems.push(`event ${index + 1} of ${entries.length}: ${reading.problem}`);
      hint ??= reading.hint;
    }
  });
  if (problems.length === 0) return { ok: true, events };
  return { ok: false, problem: `${problems.join('; ')} (no event of the list was taken)`, ...(hint ? { hint } : {}) };
}
