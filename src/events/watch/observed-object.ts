/** An object (a file, an S3 object) as one scan of a watched place saw it. */
export interface ObservedObject {
  /** The S3 key, or the path relative to the watched directory with `/` between its parts. */
  key: string;
  size: number;
  /** When it was last written. */
  modified: Date;
  /** Changes whenever the object is written again, even with the same content: what makes it new. */
  fingerprint: string;
  /** Known from an S3 listing; a file's is its content's MD5, computed only once it is new. */
  etag?: string;
  /** S3's sequencer: hexadecimal, growing with each write of the same key. */
  sequencer: string;
}

/** Where objects are listed: each scan lists them all; the etag (content MD5 for files) is asked for only of new ones. */
export interface ObjectSource {
  list(): Promise<ObservedObject[]>;
  etag(object: ObservedObject): Promise<string | null>;
  /** Files are taken only once two scans saw them unchanged (a file may still be written); S3 objects appear whole. */
  readonly settles: boolean;
  close(): void;
}
