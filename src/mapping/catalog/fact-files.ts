/** The fact tables in `../shared/data` the embedded catalog is generated from. */
export const FACT_FILES = {
  instanceTypes: 'ec2-instance-types.tsv',
  onDemand: 'ec2-ondemand-us-east-1.tsv',
  spotAdvisor: 'spot-advisor.json',
  readme: 'README.md',
} as const;

/** The one region whose on-demand prices the embedded catalog has. */
export const EMBEDDED_PRICE_REGION = 'us-east-1';
