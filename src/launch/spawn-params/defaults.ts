import { SpawnSlurmError } from '../../core/errors.js';
import type { Plan } from '../../mapping/plan-types.js';
import { goDuration } from './go-duration.js';

/** The `defaults` map of a parameter file: every key spawn reads, with the type spawn expects. */
export interface ParamDefaults {
  name: string;
  instance_type: string;
  region: string;
  ami?: string;
  spot: boolean;
  spot_max_price?: string;
  ttl: string;
  on_complete: 'terminate';
  iam_role?: string;
  key_name?: string;
  command: string;
}

/** spawn's spot is one-time spot, with no on-demand fallback. */
function launchesSpot(plan: Plan): boolean {
  return plan.placement?.purchase !== 'on-demand';
}

export function paramDefaults(plan: Plan, command: string): ParamDefaults {
  const placement = plan.placement;
  const first = placement?.candidates[0];
  if (!placement || !first) throw new SpawnSlurmError('no-instance-type', `no instance type can run job ${plan.job.name}`, 'see the diagnostics above');
  const spot = launchesSpot(plan);
  const maxPrice = plan.job.spawn.maxPrice;
  return {
    name: plan.job.name,
    instance_type: first.instanceType,
    region: placement.region,
    ...(plan.ami.id ? { ami: plan.ami.id } : {}),
    spot,
    ...(spot && maxPrice !== undefined ? { spot_max_price: String(maxPrice) } : {}),
    ttl: goDuration(plan.ttlMinutes),
    on_complete: 'terminate',
    ...(plan.spawn.iamRole ? { iam_role: plan.spawn.iamRole } : {}),
    ...(plan.spawn.keyName ? { key_name: plan.spawn.keyName } : {}),
    command,
  };
}
