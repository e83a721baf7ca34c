/**
 * The `local:` section of a loaded mapping as the local backend takes it. No zod here: commands that
 * run jobs locally call this on a config that may come from `defaultMappingConfig()`.
 */
import type { LocalSettings } from '../../launch/local/node-facts.js';
import type { MappingConfig } from './types.js';

/** What `local:` sets, in the backend's units; a field the file leaves out stays out. */
export function localSettings(config: MappingConfig): LocalSettings {
  const local = config.local;
  const settings: LocalSettings = {};
  if (local.cluster_name !== undefined) settings.cluster_name = local.cluster_name;
  if (local.partition !== undefined) settings.partition = local.partition;
  if (local.node_name !== undefined) settings.node_name = local.node_name;
  if (local.cpus !== undefined) settings.cpus = local.cpus;
  if (local.memory !== undefined) settings.memory_mib = local.memory;
  if (local.def_mem_per_cpu !== undefined) settings.def_mem_per_cpu_mib = local.def_mem_per_cpu;
  if (local.kill_wait !== undefined) settings.kill_wait_seconds = local.kill_wait;
  return settings;
}
