import type { IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';
import { verifyWebhookSignature } from '../../src/events/sinks/webhook-signature.js';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
  /** Checked with the receiver's secret over the raw body, as a real receiver would. */
  signatureValid: boolean;
}

/** What the receiver does with the next request: answer with a status, or never answer (a time-out). */
export type ReceiverBehaviour = { status: number; headers?: Record<string, string> } | 'hang';

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** Event ids of the posts answered 2xx with a valid signature, in order: what the receiver accepted. */
  accepted(): string[];
  /** Used for every request after the queue of `next` ones runs out. */
  setDefault(behaviour: ReceiverBehaviour): void;
  /** Behaviours for the next requests, in order. */
  next(...behaviours: ReceiverBehaviour[]): void;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1 that checks X-Spawn-Slurm-Signature with `secret` and answers as told. */
export async function startWebhookReceiver(secret: string, maxLifetimeMs = 60_000): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const answeredOk = new Set<ReceivedPost>();
  const queue: ReceiverBehaviour[] = [];
  let fallback: ReceiverBehaviour = { status: 204 };
  const server = await listenOnLoopback(async (request, response) => {
    const body = (await readBody(request)).toString('utf8');
    const signature = request.headers['x-spawn-slurm-signature'];
    const post = { headers: request.headers, body, signatureValid: verifyWebhookSignature(body, secret, typeof signature === 'string' ? signature : undefined) };
    posts.push(post);
    const behaviour = queue.shift() ?? fallback;
    if (behaviour === 'hang') return; // the connection is closed with the server
    const status = post.signatureValid ? behaviour.status : 401;
    if (status >= 200 && status < 300) answeredOk.add(post);
    response.writeHead(status, behaviour.headers ?? {});
    response.end(status >= 300 ? `status ${status}` : '');
  }, maxLifetimeMs);
  return {
    url: server.url,
    posts,
    accepted: () => posts.filter((p) => answeredOk.has(p)).map((p) => String(p.headers['x-spawn-slurm-event-id'])),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    next: (...behaviours) => {
      queue.push(...behaviours);
    },
    close: server.close,
  };
}
