/**
 * How EC2 bills Linux instances: per second, with a minimum of 60 seconds each time an instance
 * runs. The estimate bills every instance of a task for the task's start-up plus its runtime.
 */
export const BILLING_RULE = 'EC2 Linux: per second, 60-second minimum per instance';

export const MINIMUM_BILLED_SECONDS = 60;

/**
 * Minutes from launching an instance until the job's first command runs: boot, the launcher's
 * set-up and the job bundle's download. Typical for an EBS-backed Linux AMI is one to three minutes;
 * it is billed like the job itself and repeats for every wave of tasks. A mapping's module set-up
 * (conda environments, packages) can take longer; the estimate does not know how long.
 */
export const INSTANCE_STARTUP_MINUTES = 2;

/** Seconds an instance that lives this many minutes is billed. */
export function instanceSeconds(aliveMinutes: number): number {
  return Math.max(MINIMUM_BILLED_SECONDS, Math.ceil(aliveMinutes * 60));
}

/** Seconds one instance is billed for a task that runs this many minutes. */
export function billedSeconds(runtimeMinutes: number): number {
  return instanceSeconds(INSTANCE_STARTUP_MINUTES + runtimeMinutes);
}
