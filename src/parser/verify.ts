import { originOf } from './apply.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { setByCli, setByEnv, type OptionSetting, type OptionSettings } from './option-state.js';
import { releaseAtLeast } from './slurm-release.js';
import type { ValueContext } from './values/context.js';

interface Finding {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
  refused: boolean;
  /** The setting the diagnostic points at. */
  at: OptionSetting;
}

function latest(...settings: (OptionSetting | undefined)[]): OptionSetting {
  const present = settings.filter((s): s is OptionSetting => s !== undefined);
  return present.reduce((a, b) => (b.sequence > a.sequence ? b : a));
}

/**
 * sbatch's checks across options (validate_options_salloc_sbatch_srun and _opt_verify): mutually
 * exclusive options are refused, and options that lose to others are dropped as sbatch drops them.
 */
export function verifyComponent(settings: OptionSettings, ctx: ValueContext, file: string, diagnostics: Diagnostic[]): void {
  const findings: Finding[] = [];
  checkMemoryFamily(settings, findings);
  checkNtasksPerGpu(settings, findings);
  checkSpecCores(settings, findings);
  checkHint(settings, findings);
  checkExclusiveOversubscribe(settings, ctx, findings);
  checkGresWithGpusPerNode(settings, ctx, findings);
  checkCpusPerTaskWithCpusPerGpu(settings, ctx, findings);
  checkBurstBuffer(settings, findings);
  checkBeginDeadline(settings, findings);
  checkTimeBeforeDeadline(settings, ctx, findings);
  checkTimeMin(settings, findings);
  checkTresPerTaskCpus(settings, ctx, findings);

  for (const finding of findings) {
    const diagnostic: Diagnostic = {
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      origin: originOf(finding.at.source, file),
    };
    if (finding.hint) diagnostic.hint = finding.hint;
    if (finding.refused) diagnostic.refusedBySbatch = true;
    if (finding.at.source.kind === 'script') diagnostic.range = finding.at.source.range;
    diagnostics.push(diagnostic);
  }
}

function checkMemoryFamily(settings: OptionSettings, findings: Finding[]): void {
  const family = ['mem', 'mem-per-cpu', 'mem-per-gpu'];
  const given = family.map((id) => settings.get(id));
  const byCli = given.filter((s) => setByCli(s));
  if (byCli.length > 1) {
    findings.push({
      code: 'memory-options-exclusive',
      severity: 'error',
      message: 'sbatch refuses the script: "--mem, --mem-per-cpu, and --mem-per-gpu are mutually exclusive."',
      hint: 'keep only one way of asking for memory',
      refused: true,
      at: latest(...byCli),
    });
    return;
  }
  if (byCli.length === 1) {
    // An option given in the script or on the command line drops the others set by SBATCH_MEM_*.
    for (const id of family) if (!setByCli(settings.get(id))) settings.delete(id);
    return;
  }
  const byEnv = given.filter((s) => setByEnv(s));
  if (byEnv.length > 1) {
    findings.push({
      code: 'memory-options-exclusive',
      severity: 'error',
      message: 'sbatch refuses the job: "SLURM_MEM_PER_CPU, SLURM_MEM_PER_GPU, and SLURM_MEM_PER_NODE are mutually exclusive."',
      hint: 'unset all but one of SBATCH_MEM_PER_NODE, SBATCH_MEM_PER_CPU and SBATCH_MEM_PER_GPU',
      refused: true,
      at: latest(...byEnv),
    });
  }
}

function checkNtasksPerGpu(settings: OptionSettings, findings: Finding[]): void {
  const perGpu = settings.get('ntasks-per-gpu');
  const perTres = settings.get('ntasks-per-tres');
  if (!perGpu && !perTres) return;
  if (setByCli(perGpu) && setByCli(perTres) && perGpu?.raw !== perTres?.raw) {
    findings.push({
      code: 'conflicting-options',
      severity: 'error',
      message: `sbatch refuses the script: inconsistent values set to --ntasks-per-gpu=${perGpu?.raw} and --ntasks-per-tres=${perTres?.raw}`,
      hint: 'give only one of them',
      refused: true,
      at: latest(perGpu, perTres),
    });
  }
  for (const id of ['gpus-per-task', 'gpus-per-socket', 'ntasks-per-node']) {
    const other = settings.get(id);
    if (!other) continue;
    findings.push({
      code: 'conflicting-options',
      severity: 'error',
      message: `sbatch refuses the script: --${id} is mutually exclusive with --ntasks-per-gpu`,
      hint: `drop --${id} or --ntasks-per-gpu`,
      refused: true,
      at: latest(other, perGpu, perTres),
    });
  }
}

function checkSpecCores(settings: OptionSettings, findings: Finding[]): void {
  const core = settings.get('core-spec');
  const thread = settings.get('thread-spec');
  if (setByCli(core) && setByCli(thread)) {
    findings.push({
      code: 'conflicting-options',
      severity: 'error',
      message: 'sbatch refuses the script: -S/--core-spec and --thread-spec are mutually exclusive',
      hint: 'give only one of them',
      refused: true,
      at: latest(core, thread),
    });
  } else if (setByEnv(core) && setByEnv(thread) && !setByCli(core) && !setByCli(thread)) {
    findings.push({
      code: 'conflicting-options',
      severity: 'error',
      message: 'sbatch refuses the job: --core-spec and --thread-spec are both set by environment variables',
      hint: 'unset SBATCH_CORE_SPEC or SBATCH_THREAD_SPEC',
      refused: true,
      at: latest(core, thread),
    });
  }
}

function checkHint(settings: OptionSettings, findings: Finding[]): void {
  const hint = settings.get('hint');
  const rivals = ['ntasks-per-core', 'threads-per-core', 'extra-node-info'];
  const rivalsByCli = rivals.map((id) => settings.get(id)).filter((s) => setByCli(s));
  if (setByCli(hint)) {
    if (rivalsByCli.length > 0 && hint) {
      findings.push({
        code: 'hint-ignored',
        severity: 'warning',
        message: `sbatch ignores --hint because --${rivalsByCli[0]?.spec.long} is given (they are mutually exclusive)`,
        hint: 'keep either --hint or the explicit layout options',
        refused: false,
        at: hint,
      });
      settings.delete('hint');
    } else {
      for (const id of rivals) settings.delete(id);
    }
  } else if (hint && rivalsByCli.length > 0) {
    settings.delete('hint');
  } else if (hint && rivals.some((id) => setByEnv(settings.get(id)))) {
    settings.delete('hint');
  }
}

function checkExclusiveOversubscribe(settings: OptionSettings, ctx: ValueContext, findings: Finding[]): void {
  const exclusive = settings.get('exclusive');
  const oversubscribe = settings.get('oversubscribe');
  if (!exclusive || !oversubscribe) return;
  if (releaseAtLeast(ctx.release, '23.02') && setByCli(exclusive) && setByCli(oversubscribe)) {
    findings.push({
      code: 'conflicting-options',
      severity: 'error',
      message: 'sbatch refuses the script: "--exclusive and --oversubscribe options are mutually exclusive"',
      hint: 'give only one of them',
      refused: true,
      at: latest(exclusive, oversubscribe),
    });
    return;
  }
  // In 22.05 both write the same field: the later one wins.
  const loser = exclusive.sequence < oversubscribe.sequence ? exclusive : oversubscribe;
  findings.push({
    code: 'overridden-option',
    severity: 'warning',
    message: `--${loser.spec.long} is overridden by the later --${loser === exclusive ? 'oversubscribe' : 'exclusive'} (they set the same thing)`,
    hint: 'give only one of them',
    refused: false,
    at: loser,
  });
  settings.delete(loser.spec.id);
}

function checkGresWithGpusPerNode(settings: OptionSettings, ctx: ValueContext, findings: Finding[]): void {
  if (!releaseAtLeast(ctx.release, '26.05')) return;
  const gres = settings.get('gres');
  const perNode = settings.get('gpus-per-node');
  if (!gres || !perNode || !/(^|,)(gres\/)?gpu([:=,]|$)/.test(gres.raw ?? '')) return;
  findings.push({
    code: 'conflicting-options',
    severity: 'error',
    message: 'sbatch refuses the script: --gres=gpu and --gpus-per-node are mutually exclusive',
    hint: 'ask for GPUs one way only',
    refused: true,
    at: latest(gres, perNode),
  });
}

function checkCpusPerTaskWithCpusPerGpu(settings: OptionSettings, ctx: ValueContext, findings: Finding[]): void {
  if (!releaseAtLeast(ctx.release, '26.11')) return;
  const perTask = settings.get('cpus-per-task');
  const perGpu = settings.get('cpus-per-gpu');
  if (!setByCli(perTask) || !setByCli(perGpu)) return;
  findings.push({
    code: 'conflicting-options',
    severity: 'error',
    message: 'sbatch refuses the script: --cpus-per-task and --cpus-per-gpu are mutually exclusive',
    hint: 'give only one of them',
    refused: true,
    at: latest(perTask, perGpu),
  });
}

function checkBurstBuffer(settings: OptionSettings, findings: Finding[]): void {
  const bb = settings.get('bb');
  const bbf = settings.get('bbf');
  if (!bb || !bbf) return;
  findings.push({
    code: 'conflicting-options',
    severity: 'error',
    message: 'sbatch refuses the script: "Cannot specify both --burst-buffer and --bbf"',
    hint: 'give only one of them',
    refused: true,
    at: latest(bb, bbf),
  });
}

function dateOf(setting: OptionSetting | undefined): Date | undefined {
  const value = setting?.value as { date?: unknown } | undefined;
  return value?.date instanceof Date ? value.date : undefined;
}

function checkBeginDeadline(settings: OptionSettings, findings: Finding[]): void {
  const begin = dateOf(settings.get('begin'));
  const deadline = dateOf(settings.get('deadline'));
  const at = settings.get('deadline');
  if (!begin || !deadline || !at || deadline.getTime() >= begin.getTime()) return;
  findings.push({
    code: 'deadline-before-begin',
    severity: 'error',
    message: 'sbatch refuses the script: "Incompatible begin and deadline time specification"',
    hint: 'the deadline must not be earlier than --begin',
    refused: true,
    at,
  });
}

/**
 * 24.11's controller refuses a job whose --time, counted from the later of now and --begin, ends
 * after its --deadline, unless --time-min lets the scheduler shorten it (observed on 24.11.5:
 * `-t 60 --deadline=now+1hour` passes, `-t 61` and `-t UNLIMITED` do not; 22.05 accepts all three).
 */
function checkTimeBeforeDeadline(settings: OptionSettings, ctx: ValueContext, findings: Finding[]): void {
  if (!releaseAtLeast(ctx.release, '24.11') || settings.get('time-min')) return;
  const deadline = dateOf(settings.get('deadline'));
  const time = settings.get('time');
  const limit = minutesOf(time);
  if (!deadline || !time || limit === NO_VAL) return;
  const start = Math.max(ctx.now.getTime(), dateOf(settings.get('begin'))?.getTime() ?? 0);
  if (limit !== INFINITE && start + limit * 60_000 <= deadline.getTime()) return;
  findings.push({
    code: 'conflicting-options',
    severity: 'error',
    message: `sbatch refuses the script: "Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)": Slurm ${ctx.release} wants the --time to end by the --deadline`,
    hint: 'shorten --time, move the --deadline, or give a --time-min the job can live with',
    refused: true,
    at: latest(time, settings.get('deadline')),
  });
}

/** sbatch refuses a CPU count in --tres-per-task together with --cpus-per-task (observed on 24.11.5). */
function checkTresPerTaskCpus(settings: OptionSettings, ctx: ValueContext, findings: Finding[]): void {
  const tres = settings.get('tres-per-task');
  const perTask = settings.get('cpus-per-task');
  if (!tres || !perTask || !releaseAtLeast(ctx.release, '24.11')) return;
  if (!(tres.value as { tres: string }[] | undefined)?.some((item) => item.tres === 'cpu')) return;
  findings.push({
    code: 'conflicting-options',
    severity: 'error',
    message: 'sbatch refuses the script: "You can not have --tres-per-task=cpu= and --cpus-per-task please use one or the other"',
    hint: 'give the CPUs per task one way only',
    refused: true,
    at: latest(tres, perTask),
  });
}

/** time_str2mins: a limit as the controller compares it (INFINITE for unlimited, NO_VAL when absent). */
const INFINITE = 0xffffffff;
const NO_VAL = 0xfffffffe;

function minutesOf(setting: OptionSetting | undefined): number {
  if (!setting) return NO_VAL;
  return setting.value === 'unlimited' ? INFINITE : typeof setting.value === 'number' ? setting.value : NO_VAL;
}

/**
 * The controller refuses a --time-min above the time limit (_part_access_check). Without --time
 * the limit is NO_VAL, which only an unlimited --time-min (`0`, `UNLIMITED`) exceeds; a partition
 * DefaultTime, which the parser cannot know, would take its place.
 */
function checkTimeMin(settings: OptionSettings, findings: Finding[]): void {
  const timeMin = settings.get('time-min');
  if (!timeMin) return;
  const limit = minutesOf(settings.get('time'));
  if (minutesOf(timeMin) <= limit) return;
  findings.push({
    code: 'time-min-exceeds-time',
    severity: 'error',
    message: `sbatch refuses the script: "Batch job submission failed: Invalid time-min specification (exceeds job's time or other limits)"${
      limit === NO_VAL ? ' (an unlimited --time-min needs an unlimited --time)' : ''
    }`,
    hint: limit === NO_VAL ? 'give a finite --time-min, or --time=UNLIMITED' : '--time-min must not be longer than --time',
    refused: true,
    at: timeMin,
  });
}
