import type { Ec2JobRef } from '../../../store/ec2-ref.js';
import type { Ec2Api } from '../ec2-client.js';
import type { ObjectStore } from '../job-objects/object-store.js';

export interface JobClients {
  ec2: Ec2Api;
  objects: ObjectStore;
  close(): void;
}

/** The EC2 and S3 clients for one job's region, profile and bucket; the SDK loads here, on first use. */
export async function openJobClients(ref: Ec2JobRef): Promise<JobClients> {
  const { makeEc2Client } = await import('../ec2-client.js');
  const { s3ObjectStore } = await import('../job-objects/s3-object-store.js');
  const profile = ref.profile ? { profile: ref.profile } : {};
  const ec2 = makeEc2Client({ region: ref.region, ...profile });
  const objects = s3ObjectStore({ region: ref.region, bucket: ref.bucket, ...profile });
  return {
    ec2,
    objects,
    close: () => {
      ec2.destroy();
      objects.destroy();
    },
  };
}
