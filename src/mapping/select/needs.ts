import type { NodeNeeds } from '../../model/schema.js';
import type { Diagnostic } from '../../parser/diagnostic.js';
import { normaliseGpuModel } from '../catalog/gpu-model.js';
import type { MappingConfig, MemoryMargin } from '../config/types.js';
import type { InstanceNeeds } from '../plan-types.js';
import { planDiagnostic } from './diagnostic.js';

/**
 * Instance memory that leaves the job its `--mem` after the OS margin:
 * - a size margin M: job + M (`--mem=30G` with `2G` needs 32 GiB);
 * - a fraction f of the instance's memory: the instance keeps f for the OS, so its memory m must
 *   satisfy m × (1 − f) ≥ job, i.e. m ≥ job ÷ (1 − f), rounded up to whole MiB.
 */
function memoryWithMargin(jobMiB: number, margin: MemoryMargin): number {
  if (margin.kind === 'mib') return Math.ceil(jobMiB + margin.mib);
  return Math.ceil(jobMiB / (1 - margin.fraction));
}

export type GpuModelResolution = { ok: true; model: string | null; via: 'untyped' | 'gres-table' | 'catalog-name' } | { ok: false; diagnostic: Diagnostic };

/**
 * A job's GPU type is the site's name for a GPU (`a100_80gb`): the mapping's `gres` table says which
 * catalog model it is; without an entry, a name that is a catalog model in another spelling
 * (`A100`, `nvidia-h100`) is taken as that model.
 */
export function resolveGpuModel(typeAsWritten: string | null, gres: MappingConfig['gres'], knownModels: ReadonlySet<string>, file: string): GpuModelResolution {
  if (typeAsWritten === null) return { ok: true, model: null, via: 'untyped' };
  if (Object.hasOwn(gres, typeAsWritten)) return { ok: true, model: gres[typeAsWritten] as string, via: 'gres-table' };
  const normalised = normaliseGpuModel(typeAsWritten);
  if (knownModels.has(normalised)) return { ok: true, model: normalised, via: 'catalog-name' };
  const models = [...knownModels].sort().join(', ');
  return {
    ok: false,
    diagnostic: planDiagnostic(
      file,
      'error',
      'gpu-type-unknown',
      `the job asks for GPU type "${typeAsWritten}", which is neither in mapping.yaml's gres table nor a GPU model of the instance catalog; no instance type can be chosen`,
      `add it to mapping.yaml, e.g. \`gres: { ${typeAsWritten}: <model> }\`, with one of: ${models}`,
    ),
  };
}

/** What one instance must offer for one node of the component, with notes on how it was worked out. */
export function instanceNeeds(node: NodeNeeds, gpuModel: string | null, margin: MemoryMargin, nodes: number): InstanceNeeds {
  const job = node.memoryPerNodeMiB;
  return {
    vcpus: node.cpusPerNode,
    memoryMiB: typeof job === 'number' ? memoryWithMargin(job, margin) : null,
    jobMemoryMiB: job,
    gpus: node.gpusPerNode,
    gpuModel: node.gpusPerNode > 0 ? gpuModel : null,
    gpuTypeAsWritten: node.gpusPerNode > 0 ? node.gpuType : null,
    efa: nodes > 1,
    localDiskMiB: node.tmpMiB,
  };
}

/** What the user should know about how the memory need was read (none given, whole node). */
export function memoryNotes(needs: InstanceNeeds, file: string): Diagnostic[] {
  if (needs.jobMemoryMiB === null) {
    return [
      planDiagnostic(
        file,
        'info',
        'memory-not-requested',
        "the job gives no --mem, --mem-per-cpu or --mem-per-gpu, so memory does not constrain the instance type: the job gets all of the chosen instance's memory (on a Slurm cluster the site default, DefMemPerCPU or DefMemPerNode, would apply)",
        'state the memory the job needs (e.g. #SBATCH --mem=16G) to make sure the instance has enough',
      ),
    ];
  }
  if (needs.jobMemoryMiB === 'all') {
    return [
      planDiagnostic(
        file,
        'info',
        'memory-whole-node',
        "--mem=0 asks for all memory of each node: any instance type qualifies on memory, and the job gets all of the chosen instance's memory",
        'state the memory the job needs (e.g. --mem=64G) if it needs a minimum',
      ),
    ];
  }
  return [];
}
