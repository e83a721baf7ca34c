import { isJsonObject, type JsonObject } from '../json.js';

/** `jobId` → `JOB_ID`, `detail-type` → `DETAIL_TYPE`. */
const envName = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

/**
 * The event as SPAWN_EVENT_* variables for a rule's actions: the envelope (SPAWN_EVENT_ID,
 * SPAWN_EVENT_SOURCE, SPAWN_EVENT_DETAIL_TYPE, SPAWN_EVENT_TIME) and every detail field, nested ones
 * joined by `_` (an S3 event's detail.bucket.name is SPAWN_EVENT_BUCKET_NAME); lists as JSON. The
 * triggering job's id is SPAWN_EVENT_JOB_ID, for --dependency. SPAWN_EVENT is the whole event.
 */
export function eventEnvironment(event: JsonObject): Record<string, string> {
  const env: Record<string, string> = { SPAWN_EVENT: JSON.stringify(event) };
  for (const key of ['id', 'source', 'detail-type', 'time', 'account', 'region']) {
    const value = event[key];
    if (typeof value === 'string') env[`SPAWN_EVENT_${envName(key)}`] = value;
  }
  const add = (prefix: string, object: JsonObject) => {
    for (const [key, value] of Object.entries(object)) {
      const name = `${prefix}_${envName(key)}`;
      if (isJsonObject(value)) add(name, value);
      else if (value !== null && value !== undefined) env[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  };
  if (isJsonObject(event.detail)) add('SPAWN_EVENT', event.detail);
  return env;
}

/** `${SPAWN_EVENT_JOB_ID}` in an action's arguments, from the event (an unknown name is left as written). */
export function substituteEventVariables(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(SPAWN_EVENT[A-Z0-9_]*)\}/g, (whole, name: string) => env[name] ?? whole);
}
