export { jobSubmission } from './job-submission.js';
export type { RestApiVersion, Unexpressible } from './types.js';
