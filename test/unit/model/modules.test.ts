import { describe, expect, it } from 'vitest';
import { loadedModules } from '../../../src/model/modules.js';

const names = (body: string) => loadedModules(body).map((m) => m.name);

describe('loadedModules', () => {
  it('reads module load, module add and ml, in first-load order without repeats', () => {
    expect(names('module load gcc/12.2.0 openmpi\nml python/3.11\nmodule add gcc/12.2.0\n')).toEqual(['gcc/12.2.0', 'openmpi', 'python/3.11']);
  });

  it('drops what is unloaded again, by full or short name, and empties the list on purge', () => {
    expect(names('module load gcc/12 cuda/12.2\nmodule unload gcc\n')).toEqual(['cuda/12.2']);
    expect(names('ml gcc cuda\nml -gcc\n')).toEqual(['cuda']);
    expect(names('module load a b\nmodule purge\nmodule load c\n')).toEqual(['c']);
  });

  it('replaces a module in place on swap, also in the one-argument form', () => {
    expect(names('module load gcc/11 openmpi\nmodule swap gcc/11 gcc/12\n')).toEqual(['gcc/12', 'openmpi']);
    expect(names('module load gcc/11\nmodule switch gcc/13\n')).toEqual(['gcc/13']);
  });

  it('finds loads inside compound commands and after keywords, not in comments or ml subcommands', () => {
    const body = ['# module load commented', 'cd /scratch && module load hdf5', 'if true; then module load netcdf; fi', 'ml avail', 'ml spider gcc', 'echo hi # ml not-this'].join('\n');
    expect(names(body)).toEqual(['hdf5', 'netcdf']);
  });

  it('keeps module names built from variables as written, and ignores options', () => {
    expect(names('module --quiet load "gcc/${GCC_VERSION}"\n')).toEqual(['gcc/${GCC_VERSION}']);
  });

  it('gives the offset of the name in the script, for diagnostics that point at it', () => {
    const body = '#!/bin/bash\n#SBATCH -n 1\nmodule load  cuda/12.2\r\nml python\n';
    for (const loaded of loadedModules(body)) expect(body.slice(loaded.offset, loaded.offset + loaded.name.length)).toBe(loaded.name);
  });
});
