import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { eventTime } from '../event-time.js';
import type { JsonObject } from '../json.js';
import type { ObservedObject } from './observed-object.js';
import type { WatchTarget } from './watch-target.js';

/**
 * The same object written the same time always has the same id: a watcher that dies after putting the
 * event in the inbox and before recording the object makes the same event again, and the rules act once.
 */
function objectEventId(target: WatchTarget, object: ObservedObject): string {
  const digest = createHash('sha256').update(`${target.label}\0${object.key}\0${object.fingerprint}`).digest('hex');
  return `watch-${digest.slice(0, 32)}`;
}

/**
 * The event S3 sends EventBridge when an object is created (source `aws.s3`, detail-type `Object
 * Created`), for an object a scan found. A directory stands for a bucket: `bucket.name` is its absolute
 * path, `object.key` the file's path below it, `resources` its file:// URL. What a listing cannot tell
 * (account, region, source IP address) is empty; `request-id` comes from the event id.
 */
export function objectCreatedEvent(target: WatchTarget, object: ObservedObject, etag: string, requester: string): JsonObject {
  const id = objectEventId(target, object);
  const bucket = target.kind === 's3' ? target.bucket : target.path;
  return {
    version: '0',
    id,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '',
    time: eventTime(object.modified),
    region: '',
    resources: [target.kind === 's3' ? `arn:aws:s3:::${target.bucket}` : pathToFileURL(target.path).href],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key: object.key, size: object.size, etag, sequencer: object.sequencer },
      'request-id': id.slice('watch-'.length, 'watch-'.length + 16).toUpperCase(),
      requester,
      'source-ip-address': '',
      reason: 'PutObject',
    },
  };
}
