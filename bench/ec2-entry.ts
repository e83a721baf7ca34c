// Entry point bundled by bench/ec2.mjs: the Plan, the launcher and the fake EC2 server it is measured against.
export { analyseScript } from '../src/model/analyse.js';
export { loadEmbeddedCatalog } from '../src/mapping/catalog/load.js';
export { defaultMappingConfig } from '../src/mapping/config/defaults.js';
export { buildPlan } from '../src/mapping/plan.js';
export { makeEc2Client } from '../src/launch/ec2/ec2-client.js';
export { launchInstances } from '../src/launch/ec2/launch-instances.js';
export { startFakeEc2 } from '../test/support/fake-ec2/server.js';
export { startS3Server } from '../test/support/s3-server/server.js';
