import { describe, expect, it } from 'vitest';
import { findModuleSetup } from '../../../src/mapping/config/module-match.js';
import type { ModuleSetup } from '../../../src/mapping/config/types.js';

const setup = (command: string): ModuleSetup => ({ packages: [], setup: [command] });
const modules = {
  gcc: setup('any gcc'),
  'gcc/12.2.0': setup('gcc 12.2.0'),
  'mpi/openmpi': setup('any openmpi'),
};

describe('findModuleSetup', () => {
  it.each([
    ['gcc/12.2.0', 'gcc/12.2.0'],
    ['gcc/13.1.0', 'gcc'],
    ['gcc', 'gcc'],
    ['mpi/openmpi/4.1.5', 'mpi/openmpi'],
  ])('module load %s uses the entry %s', (loaded, entry) => {
    expect(findModuleSetup(modules, loaded)?.name).toBe(entry);
  });

  it.each(['python/3.11', 'gcc-toolset/12', 'mpi', 'constructor', 'toString/1'])('module load %s has no entry', (loaded) => {
    expect(findModuleSetup(modules, loaded)).toBeUndefined();
  });
});
