import type { ModuleSetup } from './types.js';

/**
 * The `modules` entry for a `module load` argument: the exact name (`gcc/12.2.0`) first, else the
 * longest entry naming a leading part of it (`gcc` for `gcc/12.2.0`, `mpi/openmpi` for
 * `mpi/openmpi/4.1.5`), which stands for every version.
 */
export function findModuleSetup(modules: Readonly<Record<string, ModuleSetup>>, loaded: string): { name: string; setup: ModuleSetup } | undefined {
  for (let name = loaded; name !== ''; name = name.slice(0, Math.max(0, name.lastIndexOf('/')))) {
    // Own keys only: a module called `constructor` must not find Object.prototype's.
    if (Object.hasOwn(modules, name)) return { name, setup: modules[name] as ModuleSetup };
  }
  return undefined;
}
