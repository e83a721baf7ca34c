import type { Plan } from '../../mapping/plan-types.js';
import { releaseAtLeast } from '../../parser/slurm-release.js';
import { shellQuote, shellWords } from '../shell-quote.js';
import { arrayIndexLines } from './array-index.js';
import { exportPolicyLines } from './export-policy.js';
import { streamFiles } from './file-names.js';
import { moduleCommandStandIn, moduleSetupScript, type ModuleSetupScript } from './module-setup.js';
import { slurmEnvironment, type EnvironmentSite, type EnvVar } from './slurm-environment.js';

/** File names inside the job bundle, beside the task script. */
export const TASK_SCRIPT_NAME = 'task.sh';
/** As slurmstepd names its copy of the job script, so `$0` ends the same way. */
export const JOB_SCRIPT_NAME = 'slurm_script';
/** Where spawn's agent looks for the completion file that makes `on_complete: terminate` fire. */
export const COMPLETION_FILE = '/tmp/SPAWN_COMPLETE';

export interface TaskScriptOptions {
  /** The job id (for an array, the master id). */
  jobId: number;
  clusterName: string;
}

export interface TaskScript {
  text: string;
  modules: ModuleSetupScript;
  warnings: string[];
}

function envLine(v: EnvVar): string {
  return `export ${v.name}=${'text' in v.value ? shellQuote(v.value.text) : `"$${v.value.shell}"`}`;
}

function identityLines(plan: Plan, jobId: number): string[] {
  const lines = [...(plan.job.array ? arrayIndexLines(plan.job.array, jobId) : [`job_id=${jobId}`])];
  lines.push('submit_dir=$PWD node=$(hostname -s 2>/dev/null||hostname) user=$(id -un) uid=$(id -u) gid=$(id -g)');
  // Slurm 23.02 and later also give the group name and the start and end times.
  if (releaseAtLeast(plan.job.release, '23.02')) {
    const limit = plan.job.timeLimitMinutes;
    lines.push(`group=$(id -gn) start_time=$(date +%s)${typeof limit === 'number' ? ` end_time=$((start_time+${limit * 60}))` : ''}`);
  }
  return lines;
}

/** --chdir, relative to the submit directory as sbatch makes it; slurmstepd falls back to /tmp when it cannot go there. */
function workingDirectoryLine(chdir: string | null): string | null {
  if (chdir === null) return null;
  const target = chdir.startsWith('/') ? shellQuote(chdir) : `"$submit_dir"/${shellQuote(chdir)}`;
  const message = shellQuote(`slurmstepd: error: couldn't chdir to \`${chdir}': No such file or directory: going to /tmp instead`);
  return `cd -- ${target} 2>/dev/null || { echo ${message} >&2; cd /tmp; }`;
}

function containerHelper(plan: Plan, modules: ModuleSetupScript): string[] {
  if (!modules.container) return [];
  const gpus = (plan.job.components[0]?.needs.gpusPerNode ?? 0) > 0;
  const missing = shellQuote(`spawn-slurm: module ${modules.container.module} runs the job in a container, but neither apptainer, docker nor podman is installed`);
  return [
    'slurm_container() { local e=() v r; for v in $(compgen -e); do case $v in SLURM*|ENVIRONMENT|CUDA_VISIBLE_DEVICES|GPU_DEVICE_ORDINAL|ROCR_VISIBLE_DEVICES) e+=(-e "$v");; esac; done',
    `  if command -v apptainer >/dev/null; then apptainer exec${gpus ? ' --nv' : ''} "docker://$1" "\${@:2}"; return; fi`,
    `  for r in docker podman; do command -v $r >/dev/null && { $r run --rm -i --network host${gpus ? ' --gpus all' : ''} -v "$here:$here" -v "$PWD:$PWD" -w "$PWD" "\${e[@]}" "$1" "\${@:2}"; return; }; done`,
    `  echo ${missing} >&2; return 127; }`,
  ];
}

/** Runs the job script with its own `#!` interpreter; SLURM_TASK_PID is the pid the script itself runs as. */
function runLine(plan: Plan, modules: ModuleSetupScript, stdin: string): string {
  const script = plan.job.script;
  const command = `${shellWords(script.interpreter)} "$here"/${JOB_SCRIPT_NAME}${script.args.length > 0 ? ` ${shellWords(script.args)}` : ''}`;
  const redirects = `< ${stdin} >> "$out" 2>> "$err"`;
  if (modules.container) return `SLURM_TASK_PID=$$ slurm_container ${shellQuote(modules.container.image)} ${command} ${redirects}`;
  return `bash -c 'SLURM_TASK_PID=$$ exec "$@"' slurm_script ${command} ${redirects}`;
}

/** The partition the job runs in: the first one it names. */
function partitionOf(plan: Plan): string {
  return plan.job.partition?.split(',')[0] || plan.placement?.partition || 'spawn';
}

function siteOf(plan: Plan, options: TaskScriptOptions): EnvironmentSite {
  return {
    jobId: options.jobId,
    clusterName: options.clusterName,
    partition: partitionOf(plan),
    nodeCpus: plan.placement?.candidates[0]?.vcpus ?? null,
    defMemPerCpuMiB: null,
  };
}

/**
 * The per-task launch script: recreates the Slurm batch environment of one task (variables, working
 * directory, output files, modules), runs the job script byte for byte with its own interpreter,
 * writes spawn's completion file and exits with the job's exit code. Pure.
 */
export function buildTaskScript(plan: Plan, options: TaskScriptOptions): TaskScript {
  const job = plan.job;
  const modules = moduleSetupScript(plan.modules);
  const files = streamFiles(job, options.jobId);
  const workdir = workingDirectoryLine(job.chdir);
  const lines = [
    '#!/bin/bash',
    `# spawn-slurm: job ${JSON.stringify(job.name)} as Slurm runs it`,
    'here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)',
    // Read now: --export=NONE clears the environment before the job runs.
    `done_file=\${SPAWN_SLURM_COMPLETION_FILE:-${COMPLETION_FILE}}`,
    `trap 'echo $? > "$done_file"' EXIT`,
    ...identityLines(plan, options.jobId),
    ...slurmEnvironment(plan.job, siteOf(plan, options)).map(envLine),
    'export TMPDIR=${TMPDIR:-/tmp}',
    ...modules.helpers,
    ...modules.lines,
    ...moduleCommandStandIn(plan.modules),
    ...containerHelper(plan, modules),
    ...(workdir ? [workdir] : []),
    ...exportPolicyLines(job.export),
    `out=${files.stdout} err=${files.stderr}`,
    // The submit directory is a fresh stand-in, without the submitter's directories: create them.
    'mkdir -p "$(dirname "$out")" "$(dirname "$err")"',
    ...(files.append ? [] : [': >"$out"; : >"$err"']),
    runLine(plan, modules, files.stdin),
  ];
  return { text: `${lines.join('\n')}\n`, modules, warnings: modules.warnings };
}
