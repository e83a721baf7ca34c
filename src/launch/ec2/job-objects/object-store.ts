/**
 * The few object operations an EC2 job needs from S3: the client, the client's supervisor and the agent
 * on each instance share a job's prefix through them. An interface, so the modules that use it never
 * load the SDK themselves (see s3-object-store.ts).
 */
export interface ObjectStore {
  /** null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** Writes only if no object has the key (S3's `If-None-Match: *`); false when one already does. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key under the prefix, in S3's (lexicographic) order. */
  list(prefix: string): Promise<string[]>;
}
