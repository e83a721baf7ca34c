import { API_VERSIONS } from '../api-version.js';
import type { RestApiVersion } from './types.js';

const ALL = API_VERSIONS;
const ONLY_38: readonly RestApiVersion[] = ['v0.0.38'];
/** The data_parser generation (23.02 on): job_desc_msg with TRES strings, flag arrays and {set, infinite, number}. */
const DATA_PARSER: readonly RestApiVersion[] = ['v0.0.39', 'v0.0.40', 'v0.0.41', 'v0.0.42'];

/**
 * Which API versions have each job description field spawn-slurm writes, from the OpenAPI documents
 * slurmrestd serves (fixtures/slurm-openapi/README.md): 22.05.8 for v0.0.38, 24.11.5 for v0.0.40–42,
 * 23.02's generated reference for v0.0.39.
 */
// biome-ignore format: one field a line reads best as a table
const FIELD_VERSIONS: Record<string, readonly RestApiVersion[]> = {
  account: ALL, account_gather_frequency: ALL, argv: ALL, array: ALL, batch_features: ALL, begin_time: ALL, burst_buffer: ALL,
  cluster_constraint: ALL, comment: ALL, constraints: ALL, container: ALL, core_specification: ALL, cpu_frequency: ALL,
  cpus_per_task: ALL, current_working_directory: ALL, deadline: ALL, delay_boot: ALL, dependency: ALL, distribution: ALL,
  environment: ALL, hold: ALL, licenses: ALL, mail_type: ALL, mail_user: ALL, mcs_label: ALL, memory_binding: ALL,
  memory_per_cpu: ALL, memory_per_node: ALL, minimum_cpus_per_node: ALL, name: ALL, nice: ALL, nodes: ALL, open_mode: ALL,
  partition: ALL, prefer: ALL, priority: ALL, qos: ALL, requeue: ALL, reservation: ALL, sockets_per_node: ALL, standard_error: ALL,
  standard_input: ALL, standard_output: ALL, tasks: ALL, tasks_per_core: ALL, tasks_per_node: ALL, tasks_per_socket: ALL,
  thread_specification: ALL, threads_per_core: ALL, time_limit: ALL, time_minimum: ALL, wait_all_nodes: ALL, wckey: ALL,
  script: ['v0.0.40', 'v0.0.41', 'v0.0.42'],
  cores_per_socket: ['v0.0.38', 'v0.0.40'],
  exclusive: ['v0.0.38', 'v0.0.39', 'v0.0.40', 'v0.0.41'],
  oversubscribe: ['v0.0.38', 'v0.0.39', 'v0.0.40', 'v0.0.41'],
  // The sbatch-shaped fields of v0.0.38, which data_parser replaced by TRES strings and flags.
  cpu_binding_hint: ONLY_38, cpus_per_gpu: ONLY_38, get_user_environment: ONLY_38, gpu_binding: ONLY_38, gpu_frequency: ONLY_38,
  gpus: ONLY_38, gpus_per_node: ONLY_38, gpus_per_socket: ONLY_38, gpus_per_task: ONLY_38, gres: ONLY_38, gres_flags: ONLY_38,
  kill_on_invalid_dependency: ONLY_38, memory_per_gpu: ONLY_38, no_kill: ONLY_38, signal: ONLY_38, spread_job: ONLY_38,
  // Keys 22.05.8's openapi/v0.0.38 accepts although its OpenAPI document omits them: the plugin hands every key to
  // sbatch's own option parser (slurm_process_option), under the names of its table (strings of openapi_v0_0_38.so),
  // each checked against the 22.05 oracle by the REST conformance suite.
  // (It disables some of them: overcommit, network, required_switches answer "Disabled key".)
  exclude_nodes: ONLY_38, nodelist: ONLY_38, no_requeue: ONLY_38, temporary_disk_per_node: ['v0.0.38', ...DATA_PARSER], ntasks_per_gpu: ONLY_38,
  ntasks_per_tres: ['v0.0.38', ...DATA_PARSER], clusters: ['v0.0.38', ...DATA_PARSER],
  overcommit: DATA_PARSER, network: DATA_PARSER, required_switches: DATA_PARSER,
  admin_comment: DATA_PARSER, contiguous: DATA_PARSER, container_id: DATA_PARSER, cpus_per_tres: DATA_PARSER, distribution_plane_size: DATA_PARSER,
  excluded_nodes: DATA_PARSER, extra: DATA_PARSER, flags: DATA_PARSER, kill_on_node_fail: DATA_PARSER, kill_warning_delay: DATA_PARSER,
  kill_warning_flags: DATA_PARSER, kill_warning_signal: DATA_PARSER, maximum_nodes: DATA_PARSER, memory_per_tres: DATA_PARSER,
  minimum_nodes: ALL, profile: DATA_PARSER, reboot: DATA_PARSER, required_nodes: DATA_PARSER, selinux_context: DATA_PARSER,
  shared: DATA_PARSER, tres_bind: DATA_PARSER, tres_freq: DATA_PARSER, tres_per_job: DATA_PARSER, tres_per_node: DATA_PARSER,
  tres_per_socket: DATA_PARSER, tres_per_task: DATA_PARSER, wait_for_switch: DATA_PARSER,
  reserve_ports: ['v0.0.40', 'v0.0.42'], resv_mpi_ports: ['v0.0.41'], segment_size: ['v0.0.41', 'v0.0.42'], oom_kill_step: ['v0.0.42'],
};

/** The options each hetjob component has for itself (the JobSpec keeps them only for the first, as typed Component fields for all). */
// biome-ignore format: a packed list of names
export const COMPONENT_OPTIONS: ReadonlySet<string> = new Set([
  'nodes', 'ntasks', 'ntasks-per-node', 'tasks-per-node', 'ntasks-per-socket', 'ntasks-per-core', 'ntasks-per-gpu', 'ntasks-per-tres', 'cpus-per-task', 'mincpus',
  'mem', 'mem-per-cpu', 'mem-per-gpu', 'tmp', 'extra-node-info', 'sockets-per-node', 'cores-per-socket', 'threads-per-core', 'overcommit',
  'distribution', 'hint', 'gres', 'gpus', 'gpus-per-node', 'gpus-per-socket', 'gpus-per-task', 'cpus-per-gpu', 'tres-per-task',
  'constraint', 'nodelist', 'exclude', 'exclusive', 'oversubscribe',
]);

/** Whether the version's job description has the field. */
export function hasField(version: RestApiVersion, field: string): boolean {
  return FIELD_VERSIONS[field]?.includes(version) ?? false;
}

/** The versions that have the field, oldest first. */
export function versionsWith(field: string): readonly RestApiVersion[] {
  return FIELD_VERSIONS[field] ?? [];
}

/** v0.0.38: sbatch-shaped values (plain numbers, strings as sbatch takes them); later: data_parser shapes. */
export function isSbatchShaped(version: RestApiVersion): boolean {
  return version === 'v0.0.38';
}

/** v0.0.41 on know `topo` (exclusive/shared) and the STEPMGR_ENABLED job flag. */
export function knowsTopology(version: RestApiVersion): boolean {
  return version === 'v0.0.41' || version === 'v0.0.42';
}
