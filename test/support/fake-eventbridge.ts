import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback, readBody } from './loopback-server.js';
import { authenticateRequest, headerValue } from './sigv4.js';

/**
 * A stand-in for EventBridge's PutEvents, speaking its JSON protocol (awsJson1_1: POST /, X-Amz-Target
 * AWSEvents.PutEvents, `{"__type", "message"}` errors) so the real SDK talks to it through its endpoint.
 * Every request must carry a valid SigV4 signature (service `events`) for the expected key. It enforces
 * PutEvents' limits (1 to 10 entries, 256 KiB of entries counted as EventBridge counts them), can answer
 * chosen entries with an ErrorCode, and records every call. Bound to 127.0.0.1; closes itself after
 * `maxLifetimeMs`.
 */

/** An entry as it arrived: the SDK sends Time as epoch seconds. */
export interface ReceivedEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: number;
  Resources?: string[];
  EventBusName?: string;
}

export interface RecordedCall {
  entries: ReceivedEntry[];
  /** Indices of the entries answered with an ErrorCode. */
  failed: number[];
  /** The error the whole call was answered with; undefined when it was taken. */
  error?: string;
}

/** Which entries fail: an ErrorCode for the entry, or undefined to take it. */
export type EntryFault = (entry: ReceivedEntry, call: number) => string | undefined;

export interface FakeEventBridgeOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  failEntry?: EntryFault;
  /** Default 60 s: the server never outlives a test run. */
  maxLifetimeMs?: number;
}

export interface FakeEventBridge {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  calls: RecordedCall[];
  /** Every entry taken, in order. */
  accepted(): ReceivedEntry[];
  setFailEntry(fault: EntryFault | undefined): void;
  close(): Promise<void>;
}

const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;

/** EventBridge's count ("Calculating PutEvents event entry size"). */
function entryBytes(entry: ReceivedEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (entry.Time !== undefined ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0);
}

function answer(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
  response.end(JSON.stringify(body));
}

export async function startFakeEventBridge(options: FakeEventBridgeOptions = {}): Promise<FakeEventBridge> {
  const credentials = { accessKeyId: options.accessKeyId ?? 'AKIDFAKEEVENTBRIDGE', secretAccessKey: options.secretAccessKey ?? 'fake-eventbridge-secret' };
  const region = options.region ?? 'us-east-1';
  const calls: RecordedCall[] = [];
  let failEntry = options.failEntry;

  const refuse = (response: ServerResponse, call: RecordedCall, status: number, type: string, message: string) => {
    call.error = type;
    answer(response, status, { __type: type, message }, type);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const call: RecordedCall = { entries: [], failed: [] };
    calls.push(call);
    const checked = authenticateRequest(request, body, credentials);
    if (!checked.ok) return refuse(response, call, checked.status, checked.code === 'AuthFailure' ? 'UnrecognizedClientException' : 'InvalidSignatureException', checked.message);
    if (checked.auth.service !== 'events' || checked.auth.region !== region)
      return refuse(response, call, 403, 'InvalidSignatureException', `signed for ${checked.auth.service} in ${checked.auth.region}`);
    if (headerValue(request.headers, 'x-amz-target') !== 'AWSEvents.PutEvents') return refuse(response, call, 400, 'UnknownOperationException', 'only PutEvents is served');
    if (!headerValue(request.headers, 'content-type')?.startsWith('application/x-amz-json-1.1'))
      return refuse(response, call, 400, 'SerializationException', 'expected application/x-amz-json-1.1');
    const input = JSON.parse(body.toString('utf8')) as { Entries?: ReceivedEntry[] };
    call.entries = input.Entries ?? [];
    if (call.entries.length < 1 || call.entries.length > MAX_ENTRIES) {
      return refuse(
        response,
        call,
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
      );
    }
    const total = call.entries.reduce((sum, e) => sum + entryBytes(e), 0);
    if (total > MAX_BYTES) return refuse(response, call, 400, 'ValidationException', `Total size of the entries in the request is over the limit: ${total} bytes`);
    const results = call.entries.map((entry, j) => {
      const code = failEntry?.(entry, calls.length - 1);
      if (!code) return { EventId: randomUUID() };
      call.failed.push(j);
      return { ErrorCode: code, ErrorMessage: `fake failure: ${code}` };
    });
    answer(response, 200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  }

  const server = await listenOnLoopback(handle, options.maxLifetimeMs ?? 60_000);
  return {
    url: server.url,
    region,
    credentials,
    calls,
    accepted: () => calls.flatMap((call) => (call.error ? [] : call.entries.filter((_, j) => !call.failed.includes(j)))),
    setFailEntry: (fault) => {
      failEntry = fault;
    },
    close: server.close,
  };
}
