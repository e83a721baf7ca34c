/**
 * gres_job_state_validate() and _test_gres_cnt() of Slurm's gres.c: the checks sbatch makes on the
 * GRES and GPU options together with the task and node counts, before it contacts the controller.
 * They refuse inconsistent requests and fill in counts the GPU options imply (`--gpus=4
 * --gpus-per-task=2` means 2 tasks).
 */
import { releaseAtLeast, type SlurmRelease } from '../parser/slurm-release.js';

export interface TresRequest {
  name: string;
  type: string | null;
  count: number;
}

/** The GRES-related options of one component, as sbatch turns them into TRES strings. */
export interface GresOptions {
  perJob: TresRequest[];
  /** `--gpus-per-node` entries first, then `--gres` ones: sbatch concatenates them in that order. */
  perNode: TresRequest[];
  perSocket: TresRequest[];
  perTask: TresRequest[];
  cpusPerGpu: number | null;
  memPerGpu: number | null;
  ntasksPerGpu: number | null;
}

/** The counts sbatch sends with the job; null is NO_VAL (not given). */
export interface JobCounts {
  numTasks: number | null;
  minNodes: number | null;
  maxNodes: number | null;
  ntasksPerNode: number | null;
  ntasksPerSocket: number | null;
  socketsPerNode: number | null;
  cpusPerTask: number | null;
}

export interface GresRefusal {
  code: string;
  /** What sbatch prints before "Invalid generic resource (gres) specification". */
  message: string;
  /** The option the refusal is best reported at. */
  option: 'gpus' | 'gpus-per-node' | 'gpus-per-socket' | 'gpus-per-task' | 'gres' | 'mem-per-gpu' | 'cpus-per-gpu' | 'ntasks-per-gpu';
}

interface JobGres {
  name: string;
  type: string | null;
  perJob: number;
  perNode: number;
  perSocket: number;
  perTask: number;
  cpusPerGres: number;
  memPerGres: number;
  totalGres: number;
}

/** GRES plugins whose units are shares of a GPU (config flag GRES_CONF_SHARED). */
const SHARED_GRES = ['mps', 'shard'];

function refusal(code: string, message: string, option: GresRefusal['option']): GresRefusal {
  return { code, message, option };
}

class GresList {
  readonly records: JobGres[] = [];

  /** _get_next_job_gres: one record per name and type; a count of 0 asks for nothing. */
  each(requests: TresRequest[], apply: (record: JobGres, count: number) => void): void {
    for (const request of requests) {
      if (request.count === 0) continue;
      let record = this.records.find((r) => r.name === request.name && r.type === request.type);
      if (!record) {
        record = { name: request.name, type: request.type, perJob: 0, perNode: 0, perSocket: 0, perTask: 0, cpusPerGres: 0, memPerGres: 0, totalGres: 0 };
        this.records.push(record);
      }
      apply(record, request.count);
    }
  }

  gpuTotal(): number | null {
    const totals = this.records.filter((r) => r.name === 'gpu' && r.totalGres > 0).map((r) => r.totalGres);
    return totals.length ? totals.reduce((a, b) => a + b, 0) : null;
  }
}

const gpu = (count: number): TresRequest[] => [{ name: 'gpu', type: null, count }];

/**
 * Runs sbatch's GRES checks. Returns the counts as sbatch sends them (possibly filled in) and the
 * first refusal, if any.
 */
export function validateGres(options: GresOptions, input: JobCounts, release: SlurmRelease = '22.05'): { counts: JobCounts; refusal: GresRefusal | null } {
  const counts = { ...input };
  const { perJob, perNode, perSocket, perTask, cpusPerGpu, memPerGpu, ntasksPerGpu } = options;
  const any = perJob.length + perNode.length + perSocket.length + perTask.length > 0 || cpusPerGpu !== null || memPerGpu !== null || ntasksPerGpu !== null;
  if (!any) return { counts, refusal: null };

  if ((perTask.length > 0 || ntasksPerGpu !== null) && counts.numTasks === null && counts.minNodes !== null && counts.minNodes === counts.maxNodes) {
    if (ntasksPerGpu !== null) counts.numTasks = counts.minNodes * ntasksPerGpu;
    else if (counts.ntasksPerNode !== null) counts.numTasks = counts.minNodes * counts.ntasksPerNode;
    else if (counts.cpusPerTask === null) counts.numTasks = counts.minNodes;
  }

  const list = new GresList();
  let requestedGpu = false;
  const noteGpu = (record: JobGres) => {
    if (record.name === 'gpu') requestedGpu = true;
  };
  if (cpusPerGpu !== null) list.each(gpu(cpusPerGpu), (r, n) => (r.cpusPerGres = n));
  list.each(perJob, (r, n) => {
    noteGpu(r);
    r.perJob = n;
    r.totalGres = Math.max(r.totalGres, n);
  });
  list.each(perNode, (r, n) => {
    noteGpu(r);
    r.perNode = n;
    r.totalGres = Math.max(r.totalGres, counts.minNodes !== null ? n * counts.minNodes : n);
  });
  list.each(perSocket, (r, n) => {
    noteGpu(r);
    r.perSocket = n;
    let total = n;
    if (counts.minNodes !== null && counts.socketsPerNode !== null) total *= counts.minNodes * counts.socketsPerNode;
    else if (counts.numTasks !== null && counts.ntasksPerSocket !== null) total *= Math.ceil(counts.numTasks / counts.ntasksPerSocket);
    r.totalGres = Math.max(r.totalGres, total);
  });
  list.each(perTask, (r, n) => {
    noteGpu(r);
    r.perTask = n;
    r.totalGres = Math.max(r.totalGres, counts.numTasks !== null ? n * counts.numTasks : n);
  });
  if (memPerGpu !== null) list.each(gpu(memPerGpu), (r, n) => (r.memPerGres = n));

  if (ntasksPerGpu !== null) {
    if (requestedGpu && list.records.length > 0) {
      const gpus = list.gpuTotal();
      if (gpus === null) {
        return { counts, refusal: refusal('invalid-gres-combination', "Can't set num_tasks = gpus * *ntasks_per_tres because there are no allocated GPUs", 'ntasks-per-gpu') };
      }
      counts.numTasks = gpus * ntasksPerGpu;
    } else if (counts.numTasks !== null && counts.numTasks !== 0) {
      const gpus = Math.floor(counts.numTasks / ntasksPerGpu);
      list.each(gpu(gpus), (r, n) => {
        r.perJob = n;
        r.totalGres = Math.max(r.totalGres, n);
      });
      requestedGpu = list.records.length > 0;
    } else {
      return { counts, refusal: refusal('invalid-gres-combination', '--ntasks-per-tres needs either a GRES GPU specification or a node/ntask specification', 'ntasks-per-gpu') };
    }
  }
  if (list.records.length === 0) return { counts, refusal: null };

  const gpuTres = releaseAtLeast(release, '24.11') ? 'gres/gpu' : 'gres:gpu';
  // observed on Slurm 24.11.5; 22.05 accepts --cpus-per-gpu without GPUs.
  if (cpusPerGpu !== null && !requestedGpu && releaseAtLeast(release, '24.11')) {
    return { counts, refusal: refusal('invalid-gres-combination', `Requested cpus_per_tres=${gpuTres}:${cpusPerGpu} but did not request any GPU.`, 'cpus-per-gpu') };
  }
  if (memPerGpu !== null && !requestedGpu) {
    return { counts, refusal: refusal('mem-per-gpu-without-gpus', `Requested mem_per_tres=${gpuTres}:${memPerGpu} but did not request any GPU.`, 'mem-per-gpu') };
  }

  let sharing = false;
  let shared = false;
  const typed = new Set<string>();
  const untyped = new Map<string, JobGres>();
  for (const record of list.records) {
    const problem = testGresCount(record, counts, ntasksPerGpu);
    if (problem) return { counts, refusal: problem };
    if (record.name === 'gpu') sharing = true;
    if (SHARED_GRES.includes(record.name)) {
      shared = true;
      if ((record.perJob && counts.maxNodes !== 1) || (record.perSocket && counts.socketsPerNode !== 1) || (record.perTask && counts.numTasks !== 1)) {
        return { counts, refusal: refusal('invalid-gres-combination', `--gres=${record.name} can only be requested per node`, 'gres') };
      }
    }
    if (sharing && shared) {
      return { counts, refusal: refusal('invalid-gres-combination', `GPUs and GPU shares (${SHARED_GRES.join('/')}) cannot be requested together`, 'gres') };
    }
    if (record.type === null) untyped.set(record.name, record);
    else typed.add(record.name);
  }
  for (const [name, record] of untyped) {
    const generic = !record.perJob && !record.perNode && !record.perSocket && !record.perTask;
    if (typed.has(name) && !generic) {
      return {
        counts,
        refusal: refusal('gres-with-and-without-type', `Invalid GRES specification (with and without type identification): ${name} is asked for both with and without a type`, 'gres'),
      };
    }
  }
  return { counts, refusal: null };
}

/** _test_gres_cnt: the per-job, per-node, per-socket and per-task counts of one GRES must fit together. */
function testGresCount(g: JobGres, counts: JobCounts, ntasksPerGpu: number | null): GresRefusal | null {
  const n = g.name;
  if (g.perJob && ((g.perNode && g.perNode > g.perJob) || (g.perTask && g.perTask > g.perJob) || (g.perSocket && g.perSocket > g.perJob))) {
    return refusal('invalid-gres-combination', `Failed to ensure --${n}s >= --gres=${n}/--${n}s-per-node >= --${n}s-per-socket`, 'gpus');
  }
  if (g.perNode && ((g.perTask && g.perTask > g.perNode) || (g.perSocket && g.perSocket > g.perNode))) {
    return refusal('invalid-gres-combination', `Failed to ensure --${n}s >= --${n}s-per-task`, 'gpus-per-node');
  }
  if (g.perSocket && counts.socketsPerNode === null) {
    return refusal('invalid-gres-combination', `--${n}s-per-socket option requires --sockets-per-node specification`, 'gpus-per-socket');
  }
  if (g.cpusPerGres && counts.cpusPerTask !== null) {
    return refusal('invalid-gres-combination', `--cpus-per-${n} is mutually exclusive with --cpus-per-task`, 'cpus-per-gpu');
  }
  if (g.perJob && g.perNode) {
    if (g.perJob % g.perNode) {
      return refusal('invalid-gres-combination', `Failed to validate job spec, --${n}s is not multiple of --gres=${n}/--${n}s-per-node`, 'gpus');
    }
    const nodes = g.perJob / g.perNode;
    if ((counts.minNodes !== null && nodes < counts.minNodes) || (counts.maxNodes !== null && nodes > counts.maxNodes)) {
      return refusal(
        'invalid-gres-combination',
        `Failed to validate job spec. Based on --${n} and --gres=${n}/--${n}s-per-node required nodes (${nodes}) doesn't fall between min_nodes (${counts.minNodes ?? 'unset'}) and max_nodes (${counts.maxNodes ?? 'unset'}) boundaries.`,
        'gpus',
      );
    }
    counts.minNodes = counts.maxNodes = nodes;
  }
  if (g.perNode && g.perSocket) {
    if (g.perNode % g.perSocket) {
      return refusal('invalid-gres-combination', `Failed to validate job spec, --gres=${n}/--${n}s-per-node not multiple of --${n}s-per-socket.`, 'gpus-per-socket');
    }
    const sockets = g.perNode / g.perSocket;
    if (counts.socketsPerNode === null) counts.socketsPerNode = sockets;
    else if (counts.socketsPerNode !== sockets) {
      return refusal(
        'invalid-gres-combination',
        `Failed to validate job spec. Based on --gres=${n}/--${n}s-per-node and --${n}s-per-socket required number of sockets differ from --sockets-per-node.`,
        'gpus-per-socket',
      );
    }
  }
  if (ntasksPerGpu !== null && counts.numTasks !== null && counts.numTasks % ntasksPerGpu !== 0) {
    return refusal('invalid-gres-combination', `Failed to validate job spec, -n/--ntasks has to be a multiple of --ntasks-per-${n}.`, 'ntasks-per-gpu');
  }
  if (g.perTask) {
    if (g.perJob) {
      if (g.perJob % g.perTask) return refusal('invalid-gres-combination', `Failed to validate job spec, --${n}s not multiple of --${n}s-per-task`, 'gpus-per-task');
      const tasks = g.perJob / g.perTask;
      if (counts.numTasks === null) counts.numTasks = tasks;
      else if (counts.numTasks !== tasks) {
        return refusal('invalid-gres-combination', `Failed to validate job spec. Based on --${n}s and --${n}s-per-task number of requested tasks differ from -n/--ntasks.`, 'gpus-per-task');
      }
    } else if (counts.numTasks !== null) {
      g.perJob = counts.numTasks * g.perTask;
    } else {
      return refusal('invalid-gres-combination', `Failed to validate job spec. --${n}s-per-task used without either --${n}s or -n/--ntasks is not allowed.`, 'gpus-per-task');
    }
  }
  if (g.perNode && g.perTask) {
    if (g.perNode % g.perTask) {
      return refusal('invalid-gres-combination', `Failed to validate job spec, --gres=${n}/--${n}s-per-node not multiple of --${n}s-per-task.`, 'gpus-per-task');
    }
    const perNode = g.perNode / g.perTask;
    if (counts.ntasksPerNode === null || counts.ntasksPerNode === 0) counts.ntasksPerNode = perNode;
    else if (counts.ntasksPerNode !== perNode) {
      return refusal(
        'invalid-gres-combination',
        `Failed to validate job spec. Based on --gres=${n}/--${n}s-per-node and --${n}s-per-task requested number of tasks per node differ from --ntasks-per-node.`,
        'gpus-per-task',
      );
    }
  }
  if (g.perSocket && g.perTask) {
    if (g.perSocket % g.perTask) return refusal('invalid-gres-combination', `Failed to validate job spec, --${n}s-per-socket not multiple of --${n}s-per-task.`, 'gpus-per-task');
    const perSocket = g.perSocket / g.perTask;
    if (counts.ntasksPerSocket === null || counts.ntasksPerSocket === 0) counts.ntasksPerSocket = perSocket;
    else if (counts.ntasksPerSocket !== perSocket) {
      return refusal(
        'invalid-gres-combination',
        `Failed to validate job spec. Based on --${n}s-per-socket and --${n}s-per-task requested number of tasks per sockets differ from --ntasks-per-socket.`,
        'gpus-per-task',
      );
    }
  }
  if (g.cpusPerGres && g.perTask) {
    const cpus = g.cpusPerGres * g.perTask;
    if (counts.cpusPerTask === null || counts.cpusPerTask === 0) counts.cpusPerTask = cpus;
  }
  if (g.perJob) {
    if (counts.minNodes !== null && g.perJob < counts.minNodes) return refusal('invalid-gres-combination', `Failed to validate job spec, --${n}s < -N`, 'gpus');
    if (counts.maxNodes !== null && g.perJob < counts.maxNodes) counts.maxNodes = g.perJob;
  }
  return null;
}
