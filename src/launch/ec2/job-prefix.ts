/** An EC2 job's own S3 prefix: under the configured one, per store (two machines may use one bucket) and job id. */
export function jobPrefix(configured: string, storeId: string, jobId: number): string {
  return `${configured}jobs/${storeId}/${jobId}/`;
}
