import type { ModulePlan } from '../../mapping/plan-types.js';
import { shellQuote } from '../shell-quote.js';

/** What replaces the job's `module load` lines on the instance. */
export interface ModuleSetupScript {
  /** Bash lines run before the job, in the order the script loads the modules. */
  lines: string[];
  /** Helper functions those lines call. */
  helpers: string[];
  /** Conda environment files the bundle must carry: the name in the bundle and the path in mapping.yaml. */
  files: { bundleName: string; mappingPath: string }[];
  /** The container image the job runs in, if a module maps to one. */
  container: { module: string; image: string } | null;
  warnings: string[];
}

const INSTALL_HELPERS = [
  'slurm_as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }',
  'slurm_install() { case $1 in',
  '  system) if command -v apt-get >/dev/null; then slurm_as_root apt-get install -y -q "$2"; else slurm_as_root dnf install -y -q "$2"; fi;;',
  '  apt) ! command -v apt-get >/dev/null || slurm_as_root apt-get install -y -q "$2";;',
  '  dnf) ! command -v dnf >/dev/null || slurm_as_root dnf install -y -q "$2";;',
  '  pip) python3 -m pip install -q "$2";;',
  'esac; }',
];

/** Reports a failed setup step and goes on: the job runs as a Slurm job would after a failed `module load`. */
const failed = (module: string) => ` || echo ${shellQuote(`spawn-slurm: setting up module ${module} failed`)} >&2`;

export function moduleSetupScript(modules: readonly ModulePlan[]): ModuleSetupScript {
  const result: ModuleSetupScript = { lines: [], helpers: [], files: [], container: null, warnings: [] };
  let installs = false;
  for (const module of modules) {
    const setup = module.setup;
    if (setup === null) {
      result.lines.push(`# module ${module.name}: no mapping; the script's own \`module load\` runs as written`);
      result.warnings.push(
        `module ${module.name} has no mapping in mapping.yaml: the script's own "module load ${module.name}" runs unchanged on the instance and fails there unless the image provides it (add it under modules: in mapping.yaml)`,
      );
      continue;
    }
    result.lines.push(`# module ${module.name}`);
    if (setup.conda?.kind === 'name') {
      result.lines.push(`{ eval "$(conda shell.bash hook)" && conda activate ${shellQuote(setup.conda.name)}; }${failed(module.name)}`);
    } else if (setup.conda?.kind === 'file') {
      const bundleName = `conda-env-${result.files.length + 1}.yml`;
      const prefix = `"$here"/conda-env-${result.files.length + 1}`;
      result.files.push({ bundleName, mappingPath: setup.conda.path });
      result.lines.push(
        `{ eval "$(conda shell.bash hook)" && { [ -d ${prefix} ] || conda env create -q -p ${prefix} -f "$here"/${bundleName}; } && conda activate ${prefix}; }${failed(module.name)}`,
      );
    }
    // After the conda environment is active, so that pip installs into it.
    for (const pkg of setup.packages) {
      installs = true;
      result.lines.push(`slurm_install ${pkg.manager} ${shellQuote(pkg.spec)}${failed(module.name)}`);
    }
    for (const command of setup.setup) result.lines.push(`eval ${shellQuote(command)}${failed(module.name)}`);
    if (setup.container) {
      if (result.container) result.warnings.push(`modules ${result.container.module} and ${module.name} both map to a container; the job runs in ${result.container.image}`);
      else result.container = { module: module.name, image: setup.container };
    }
  }
  if (installs) result.helpers.push(...INSTALL_HELPERS);
  return result;
}

/**
 * Where the image has no module system, `module`/`ml` stand-ins for the job script: loading a module
 * mapping.yaml set up succeeds quietly (its setup already ran), anything else says why it fails and
 * returns 1, as a failed `module load` does on a cluster. An image with a real `module` keeps it.
 */
export function moduleCommandStandIn(modules: readonly ModulePlan[]): string[] {
  if (modules.length === 0) return [];
  const mapped = `|${modules
    .filter((m) => m.setup !== null)
    .map((m) => m.name)
    .join('|')}|`;
  return [
    'if ! type module >/dev/null 2>&1; then',
    `  spawn_slurm_mapped_modules=${shellQuote(mapped)}`,
    '  module() { local sub=${1:-} m rc=0; shift || true; case $sub in load|add|try-load|try-add) for m in "$@"; do case $m in -*) ;; *) case $spawn_slurm_mapped_modules in *"|$m|"*) ;; *) echo "spawn-slurm: module $m is not in mapping.yaml and this instance has no module system" >&2; rc=1;; esac;; esac; done;; esac; return $rc; }',
    '  ml() { case ${1:-} in load|add|try-load|try-add|unload|rm|del|purge|swap|switch|list|avail|av|spider) module "$@";; *) module load "$@";; esac; }',
    '  export spawn_slurm_mapped_modules; export -f module ml',
    'fi',
  ];
}
