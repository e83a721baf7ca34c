import type { Profile } from '../../../parser/values/accounting.js';
import type { SwitchesRequest } from '../../../parser/values/scheduling.js';
import type { Description, FieldWriter } from './description.js';
import { knowsTopology } from './field-table.js';
import { integerOption, textOption, typedOption } from './option-values.js';

/** Options whose argument goes to the same-named field as written. */
const PLAIN_TEXT: readonly [option: string, field: string][] = [
  ['partition', 'partition'],
  ['account', 'account'],
  ['qos', 'qos'],
  ['reservation', 'reservation'],
  ['comment', 'comment'],
  ['licenses', 'licenses'],
  ['wckey', 'wckey'],
  ['mcs-label', 'mcs_label'],
  ['prefer', 'prefer'],
  ['batch', 'batch_features'],
  ['bb', 'burst_buffer'],
  ['cluster-constraint', 'cluster_constraint'],
  ['clusters', 'clusters'],
  ['cluster', 'clusters'],
  ['container', 'container'],
  ['container-id', 'container_id'],
  ['context', 'selinux_context'],
  ['extra', 'extra'],
  ['network', 'network'],
  ['acctg-freq', 'account_gather_frequency'],
  ['cpu-freq', 'cpu_frequency'],
  ['mem-bind', 'memory_binding'],
];

function writeSharing(d: Description): void {
  const { exclusive, oversubscribe } = d.component;
  const option = d.has('exclusive') || d.index !== 0 ? 'exclusive' : 'oversubscribe';
  if (exclusive === false && !oversubscribe) return;
  if (exclusive === 'topo' && !knowsTopology(d.version)) {
    d.refuse('exclusive', `slurmrestd API ${d.version} cannot express --exclusive=topo (v0.0.41 and later can); submit with sbatch`);
    return;
  }
  if (d.sbatchShaped) {
    // v0.0.38 hands the value to sbatch's own --exclusive parser, which knows no "true".
    if (exclusive !== false) d.put(option, 'exclusive', exclusive === 'node' ? 'exclusive' : exclusive);
    else d.put('oversubscribe', 'oversubscribe', true);
  } else if (d.version === 'v0.0.42') {
    d.put(option, 'shared', [exclusive === false ? 'oversubscribe' : exclusive === 'node' ? 'none' : exclusive]);
  } else if (exclusive !== false) d.put(option, 'exclusive', [exclusive === 'node' ? 'true' : exclusive]);
  else d.put('oversubscribe', 'oversubscribe', true);
}

function writePlacement(d: Description): void {
  const { constraint, nodelist, exclude } = d.component;
  // An empty argument (SBATCH_CONSTRAINT=, -w '') is sent as sbatch sends it: an empty string.
  if (constraint !== null) d.put('constraint', 'constraints', constraint);
  if (nodelist !== null) d.sbatchShaped ? d.put('nodelist', 'nodelist', nodelist) : d.put('nodelist', 'required_nodes', [nodelist]);
  if (exclude !== null) d.sbatchShaped ? d.put('exclude', 'exclude_nodes', exclude) : d.put('exclude', 'excluded_nodes', [exclude]);
  writeSharing(d);
}

function writeDependency(d: Description): void {
  const { dependency, killOnInvalidDep } = d.job;
  if (dependency && dependency.text !== '') d.put('dependency', 'dependency', dependency.text);
  if (killOnInvalidDep === null) return;
  if (d.sbatchShaped) d.put('kill-on-invalid-dep', 'kill_on_invalid_dependency', killOnInvalidDep);
  else d.flag('kill-on-invalid-dep', killOnInvalidDep ? 'KILL_INVALID_DEPENDENCY' : 'NO_KILL_INVALID_DEPENDENCY');
}

function writePriority(d: Description): void {
  if (d.has('nice')) d.put('nice', 'nice', integerOption(d, 'nice') ?? 100);
  const priority = typedOption<number | 'top'>(d, 'priority');
  // A held job's priority is 0 whatever --priority says (sbatch); sending it would release the job.
  if (priority === undefined || d.context.hold === true || d.job.hold) return;
  if (d.sbatchShaped) d.put('priority', 'priority', String(priority === 'top' ? 'TOP' : priority));
  else if (priority === 'top') d.refuse('priority', `slurmrestd API ${d.version} takes only a number for --priority, not TOP; give the number`);
  else d.put('priority', 'priority', d.number(priority));
}

function writeNodeFailure(d: Description): void {
  if (d.has('no-kill')) {
    // v0.0.38 takes sbatch's argument (null: none), not the documented boolean.
    if (d.sbatchShaped) d.put('no-kill', 'no_kill', textOption(d, 'no-kill') ?? null);
    else d.put('no-kill', 'kill_on_node_fail', !(typedOption<boolean>(d, 'no-kill') ?? true));
  }
  const waitAll = typedOption<0 | 1>(d, 'wait-all-nodes');
  if (waitAll !== undefined) d.put('wait-all-nodes', 'wait_all_nodes', d.sbatchShaped ? waitAll : waitAll === 1);
  if (d.has('reboot')) d.put('reboot', 'reboot', true);
  const switches = typedOption<SwitchesRequest>(d, 'switches');
  if (switches) {
    d.put('switches', 'required_switches', d.number(switches.count));
    if (typeof switches.maxWaitSeconds === 'number') d.put('switches', 'wait_for_switch', switches.maxWaitSeconds);
  }
}

function writeProfile(d: Description): void {
  const profile = typedOption<Profile>(d, 'profile');
  if (profile === undefined) return;
  const words = profile === 'all' ? ['ENERGY', 'LUSTRE', 'NETWORK', 'TASK'] : profile === 'none' ? ['NONE'] : profile.map((p) => p.toUpperCase());
  d.put('profile', 'profile', words);
}

function writeLaterReleaseOptions(d: Description): void {
  const segment = integerOption(d, 'segment');
  if (segment !== undefined) d.put('segment', 'segment_size', d.number(segment));
  if (d.has('oom-kill-step')) d.put('oom-kill-step', 'oom_kill_step', typedOption<0 | 1>(d, 'oom-kill-step') ?? 1);
  if (d.has('stepmgr'))
    knowsTopology(d.version) ? d.flag('stepmgr', 'STEPMGR_ENABLED') : d.refuse('stepmgr', `slurmrestd API ${d.version} has no STEPMGR_ENABLED flag for --stepmgr; submit with sbatch`);
  const ports = integerOption(d, 'resv-ports');
  if (d.has('resv-ports')) d.put('resv-ports', d.version === 'v0.0.41' ? 'resv_mpi_ports' : 'reserve_ports', ports ?? 0);
}

export const schedulingFields: FieldWriter = {
  options: [
    ...PLAIN_TEXT.map(([option]) => option),
    ...['constraint', 'nodelist', 'exclude', 'exclusive', 'oversubscribe', 'dependency', 'kill-on-invalid-dep', 'array', 'hold', 'requeue', 'no-requeue'],
    ...['nice', 'priority', 'no-kill', 'wait-all-nodes', 'reboot', 'switches', 'profile', 'segment', 'oom-kill-step', 'stepmgr', 'resv-ports'],
  ],
  write(d) {
    writePlacement(d);
    for (const [option, field] of PLAIN_TEXT) d.put(option, field, textOption(d, option));
    if (d.job.array) d.put('array', 'array', d.job.array.spec);
    writeDependency(d);
    d.put('hold', 'hold', d.context.hold === true || d.job.hold ? true : undefined);
    // v0.0.38's requeue field only sets: --no-requeue is its (undocumented) no_requeue key, without argument.
    if (d.job.requeue === false && d.sbatchShaped) d.put('no-requeue', 'no_requeue', null);
    else if (d.job.requeue !== null) d.put(d.job.requeue ? 'requeue' : 'no-requeue', 'requeue', d.job.requeue);
    writePriority(d);
    writeNodeFailure(d);
    writeProfile(d);
    writeLaterReleaseOptions(d);
  },
};
