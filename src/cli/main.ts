import { Command, CommanderError, Option } from 'commander';
import { isSpawnSlurmError } from '../core/errors.js';
import { VERSION } from './version.js';

const clusterOption = () => new Option('-M, --cluster <name>', 'only jobs of this cluster (its configured name, or the one submit derived from --slurmrestd; local: this machine)');
const releaseOption = () => new Option('--slurm-release <release>', 'imitate the sbatch of this Slurm release (22.05 … 26.11)').env('SPAWN_SLURM_RELEASE');

/** Arguments shared by the commands that read one script and accept sbatch options after it. */
function scriptArguments(command: Command): Command {
  return (
    command
      .argument('<script>', 'batch script ("-" reads standard input)')
      .argument('[sbatch-options...]', 'sbatch options that override the script, before or after its name as on the sbatch command line; "--" then arguments for the script')
      .addOption(releaseOption())
      .allowUnknownOption()
      .allowExcessArguments()
      // Everything after the script name is sbatch's (`-c 4` is --cpus-per-task there) or, after `--`, the
      // script's: commander must neither parse it nor drop the `--`. The commands split their own options out.
      .passThroughOptions()
  );
}

/** Arguments of the commands that turn one script into a Plan (estimate, convert). */
function planArguments(command: Command): Command {
  return scriptArguments(command)
    .option('-c, --config <mapping.yaml>', 'mapping file (default: $SPAWN_SLURM_CONFIG, ./mapping.yaml, ~/.config/spawn-slurm/mapping.yaml)')
    .option('--region <region>', 'AWS region (overrides #SPAWN --region and mapping.yaml)')
    .addOption(new Option('--purchase <option>', 'how instances are bought (overrides #SPAWN --spot and mapping.yaml)').choices(['spot', 'on-demand', 'spot-with-fallback']))
    .option('--max-array-size <n>', "the cluster's MaxArraySize (default: mapping.yaml cluster.max_array_size, else 1001; advice only in the cloud)");
}

interface CommandDefinition {
  name: string;
  summary: string;
  /** Declares arguments, options and the action; run only for the command being invoked (start-up). */
  define(command: Command): void;
}

const COMMANDS: CommandDefinition[] = [
  {
    name: 'inspect',
    summary: 'show the job model and diagnostics of one script',
    define(command) {
      scriptArguments(command)
        .option('--json', 'print the inspect JSON contract (version 1)')
        .option('--max-array-size <n>', "the cluster's MaxArraySize (default: this machine's slurm.conf, else 1001)")
        .option('--cloud', 'treat MaxArraySize as advice, not a limit (the job runs outside Slurm)')
        .action(async (script: string, rest: string[], opts: Record<string, unknown>) => {
          const { runInspect } = await import('./commands/inspect.js');
          process.exitCode = await runInspect(script, rest, opts);
        });
    },
  },
  {
    name: 'lint',
    summary: 'check many scripts, for CI',
    define(command) {
      command
        .argument('<paths...>', 'files, directories (searched for *.sbatch, *.slurm, *.sh with #SBATCH) or globs')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
        .option('--strict', 'fail on warnings too')
        .option('--max-warnings <n>', 'fail when there are more warnings than this')
        .addOption(new Option('--severity <level>', 'report only findings at or above this level').choices(['error', 'warning', 'info']).default('info'))
        .option('--max-array-size <n>', "the cluster's MaxArraySize (default: this machine's slurm.conf, else 1001)")
        .option('--cloud', 'the scripts will run outside Slurm: MaxArraySize is advice, not a limit')
        .option('--no-inline-config', 'ignore "# spawn-slurm disable=…" comments')
        .addOption(releaseOption())
        .action(async (paths: string[], opts: Record<string, unknown>) => {
          const { runLint } = await import('./commands/lint.js');
          process.exitCode = await runLint(paths, opts);
        });
    },
  },
  {
    name: 'estimate',
    summary: 'price a job on EC2 (spot and on-demand) and compare it with the cluster',
    define(command) {
      planArguments(command)
        .option('--expected-runtime <duration>', 'how long one task really runs (Slurm time format: 90, 1:30:00, 2-00); default: the time limit')
        .option('--cluster <name>', "a cluster of the configuration's clusters: list: its queue wait now instead of mapping.yaml's cluster.queue_wait")
        .option('--json', 'print every figure as JSON')
        .action(async (script: string, rest: string[], opts: Record<string, unknown>) => {
          const { runEstimate } = await import('./commands/estimate.js');
          process.exitCode = await runEstimate(script, rest, opts);
        });
    },
  },
  {
    name: 'convert',
    summary: 'write a spawn parameter file and job bundle for a script',
    define(command) {
      planArguments(command)
        .option('-o, --output <file>', 'parameter file to write (default: <job name>.params.yaml in the current directory)')
        .addOption(new Option('--format <format>', 'parameter file format (default: from the extension, else yaml)').choices(['yaml', 'json']))
        .option('--stage <s3-url>', 'send the job bundle through S3 (s3://bucket/prefix) instead of user data')
        .option('--json', 'print what was written as JSON')
        .action(async (script: string, rest: string[], opts: Record<string, unknown>) => {
          const { runConvert } = await import('./commands/convert.js');
          process.exitCode = await runConvert(script, rest, opts);
        });
    },
  },
  {
    name: 'submit',
    summary: 'run a script like sbatch: on this machine (the local backend) by default',
    define(command) {
      command
        .usage('[sbatch options] [script] [sbatch options] [-- script arguments]')
        .description(
          [
            'Submits a batch script as sbatch does and prints "Submitted batch job N". sbatch options go before or after the',
            'script name (after it, arguments for the script follow "--"); without a script, --wrap "command" or standard input.',
            '',
            'Options of its own, anywhere on the line:',
            '  --backend local        where the job runs (local: this machine, the default; slurm: a real Slurm cluster;',
            '                         or $SPAWN_SLURM_BACKEND)',
            "  --slurmrestd URL       the cluster's slurmrestd: unix:/path/to/socket or http(s)://host:port (or $SLURMRESTD_URL;",
            '                         the token from $SLURM_JWT or `scontrol token`, the user from $SLURM_USER_NAME)',
            "  --cluster NAME         a cluster from the configuration file's clusters: list",
            '  --config FILE          mapping.yaml (the local: section sizes this machine as a cluster)',
            '  --slurm-release R      whose sbatch to imitate (22.05 … 26.11)',
            '  --detach               return at once (the default; the job runs under a supervisor)',
            '  --json                 print {"jobId": N, "backend": …}',
            "sbatch options it acts on: --parsable, -W/--wait (exit with the job's exit code), -Q/--quiet, --wrap, -H/--hold.",
          ].join('\n'),
        )
        .argument('[words...]')
        .allowUnknownOption()
        .allowExcessArguments()
        .passThroughOptions()
        .action(async (words: string[]) => {
          const { runSubmit } = await import('./commands/submit.js');
          process.exitCode = await runSubmit(words);
        });
    },
  },
  {
    name: 'queue',
    summary: 'list pending and running jobs, like squeue',
    define(command) {
      command
        .addOption(clusterOption())
        .option('--me', "only the current user's jobs")
        .option('-u, --user <users>', 'only these users (comma-separated)')
        .option('-j, --jobs <ids>', 'only these job ids (comma-separated; N_M for one array task)')
        .option('-t, --states <states>', 'only these states (PENDING,RUNNING or PD,R; all shows finished jobs too)')
        .option('-n, --name <names>', 'only jobs with these names')
        .option('-o, --format <columns>', 'squeue %-field format, e.g. "%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R"')
        .option('--noheader', 'no header line')
        .option('--json', 'print JSON')
        .action(async (opts: Record<string, unknown>) => {
          const { runQueue } = await import('./commands/queue.js');
          process.exitCode = await runQueue(opts);
        });
    },
  },
  {
    name: 'cancel',
    summary: 'cancel jobs or array tasks, or signal them, like scancel',
    define(command) {
      command
        .argument('[ids...]', 'job ids: N, N_M (one array task), N_[M-K]')
        .addOption(clusterOption())
        .option('-n, --name <name>', 'cancel jobs with this name')
        .option('-u, --user <user>', "cancel this user's jobs")
        .option('-t, --state <states>', 'only jobs in these states (PENDING, RUNNING)')
        .option('-s, --signal <signal>', 'send this signal instead of cancelling (USR1, 10, SIGTERM …)')
        .option('-b, --batch', 'signal only the batch script, not the processes it started')
        .option('--json', 'print what was cancelled as JSON')
        .action(async (ids: string[], opts: Record<string, unknown>) => {
          const { runCancel } = await import('./commands/cancel.js');
          process.exitCode = await runCancel(ids, opts);
        });
    },
  },
  ...(['hold', 'release'] as const).map(
    (name): CommandDefinition => ({
      name,
      summary: name === 'hold' ? 'keep pending jobs from starting, like scontrol hold' : 'let held jobs start, like scontrol release',
      define(command) {
        command
          .argument('<ids...>', 'job ids')
          .addOption(clusterOption())
          .action(async (ids: string[], opts: Record<string, unknown>) => {
            const { runHoldOrRelease } = await import('./commands/hold.js');
            process.exitCode = await runHoldOrRelease(name, ids, opts);
          });
      },
    }),
  ),
  {
    name: 'cleanup',
    summary: 'find (and with --yes terminate) job instances past their time-to-live or without a job record',
    define(command) {
      command
        .option('--region <region...>', 'regions to look in (default: mapping.yaml defaults.region)')
        .option('--profile <name>', 'AWS profile (default: the standard credential chain)')
        .option('--config <file>', 'mapping.yaml')
        .option('--yes', 'terminate what is found (default: only list it)')
        .option('--json', 'print JSON')
        .action(async (opts: Record<string, unknown>) => {
          const { runCleanup } = await import('./commands/cleanup.js');
          process.exitCode = await runCleanup(opts);
        });
    },
  },
  {
    name: 'fetch',
    summary: "bring an EC2 job's output files from S3 into its submit directory (again)",
    define(command) {
      command
        .argument('<jobid>', 'the job id submit printed')
        .option('--json', 'print JSON')
        .action(async (id: string, opts: Record<string, unknown>) => {
          const { runFetch } = await import('./commands/fetch.js');
          process.exitCode = await runFetch(id, opts);
        });
    },
  },
  {
    name: 'history',
    summary: 'finished and current jobs with states and exit codes, like sacct',
    define(command) {
      command
        .addOption(clusterOption())
        .option('-j, --jobs <ids>', 'only these job ids (comma-separated)')
        .option('-S, --starttime <time>', 'jobs that ended after this time (YYYY-MM-DD[THH:MM[:SS]], now-1days …)')
        .option('-E, --endtime <time>', 'jobs that started before this time')
        .option('-s, --state <states>', 'only these states (COMPLETED, FAILED, CD, F, …)')
        .option('--name <names>', 'only jobs with these names')
        .option('-X, --allocations', 'one line per job: arrays folded into their tasks only')
        .option('--noheader', 'no header lines')
        .option('--json', 'print JSON')
        .action(async (opts: Record<string, unknown>) => {
          const { runHistory } = await import('./commands/history.js');
          process.exitCode = await runHistory(opts);
        });
    },
  },
  {
    name: 'logs',
    summary: "print a job's output file",
    define(command) {
      command
        .argument('<id>', 'job id, or N_M for one array task')
        .addOption(clusterOption())
        .option('-f, --follow', 'keep printing as the job writes, until it ends')
        .option('--stderr', 'the error file instead of the output file')
        .option('--json', 'print the file names and contents as JSON')
        .action(async (id: string, opts: Record<string, unknown>) => {
          const { runLogs } = await import('./commands/logs.js');
          process.exitCode = await runLogs(id, opts);
        });
    },
  },
  {
    name: 'catalog',
    summary: 'the EC2 instance catalog: search it, refresh it from AWS',
    define(command) {
      command
        .command('search')
        .summary('find instance types, in the style of ec2-instance-selector')
        .option('--vcpus <n>', 'vCPUs: 8, 8+ (at least), 4-16')
        .option('--memory <size>', 'memory in GiB: 16, 16+, 16GiB, 512MiB, 32-64')
        .option('--gpus <n>', 'GPUs: 1, 1+, 4-8')
        .option('--gpu-model <model>', 'GPU model: a100, h100, l4, A10G …')
        .addOption(new Option('--arch <arch>', 'CPU architecture').choices(['x86_64', 'arm64']))
        .option('--efa', 'only types with EFA')
        .option('--max-price <usd>', 'most USD per hour (for the chosen purchase option)')
        .option('--region <region>', 'AWS region (default us-east-1)')
        .option('--spot', 'price and sort by spot')
        .option('--limit <n>', 'show at most this many types')
        .option('--json', 'print JSON')
        .action(async (opts: Record<string, unknown>) => {
          const { runCatalogSearchCommand } = await import('./commands/catalog.js');
          process.exitCode = await runCatalogSearchCommand(opts);
        });
      command
        .command('refresh')
        .summary('fetch current types and prices from the AWS APIs into the user cache (needs AWS credentials)')
        .option('--region <region...>', 'regions to refresh (default $AWS_REGION, else us-east-1)')
        .action(async (opts: { region?: string[] }) => {
          const { runCatalogRefreshCommand } = await import('./commands/catalog.js');
          process.exitCode = await runCatalogRefreshCommand(opts);
        });
    },
  },
  {
    name: 'slurmctld-hook',
    summary: "PrologSlurmctld/EpilogSlurmctld: the job's event to the rules and sinks, in milliseconds, exit 0 always",
    define(command) {
      command
        .argument('<kind>', 'prolog or epilog')
        .option('--config <mapping.yaml>', 'the configuration file with the rules and sinks (absolute path)')
        .option('--state <dir>', 'where events wait to be delivered (absolute path, e.g. /var/spool/spawn-slurm)')
        .action(async (kind: string, opts: { config?: string; state?: string }) => {
          const { runSlurmctldHook } = await import('./commands/slurmctld-hook.js');
          process.exitCode = runSlurmctldHook(kind, opts);
        });
    },
  },
  {
    name: 'events',
    summary: 'job events and the rules that act on them: test a rule against an event, see and flush what waits for the sinks',
    define(command) {
      const configOption = () => new Option('-c, --config <mapping.yaml>', 'configuration file (default: $SPAWN_SLURM_CONFIG, ./mapping.yaml, ~/.config/spawn-slurm/mapping.yaml)');
      command
        .command('test')
        .summary('show whether and why a rule of the configuration matches an event (exit 0: it matches, 1: it does not)')
        .argument('<rule>', 'the name of a rule in the configuration file')
        .requiredOption('--event <file>', 'the event, as JSON ("-" reads standard input)')
        .addOption(configOption())
        .option('--json', 'print {matched, reasons} as JSON')
        .action(async (rule: string, opts: { event: string; config?: string; json?: boolean }) => {
          const { runEventsTest } = await import('./commands/events.js');
          process.exitCode = await runEventsTest(rule, opts);
        });
      command
        .command('status')
        .summary("show, per configured sink, the events waiting in its spool, the oldest one's age and the last delivery error")
        .addOption(configOption())
        .option('--json', 'print {version, sinks: [...]} as JSON')
        .action(async (opts: { config?: string; json?: boolean }) => {
          const { runEventsStatus } = await import('./commands/events-sinks.js');
          process.exitCode = await runEventsStatus(opts);
        });
      command
        .command('flush')
        .summary('deliver the spooled events to their sinks now (exit 0: none left, 1: some could not be delivered)')
        .addOption(configOption())
        .option('--json', 'print what each sink took as JSON')
        .action(async (opts: { config?: string; json?: boolean }) => {
          const { runEventsFlush } = await import('./commands/events-sinks.js');
          process.exitCode = await runEventsFlush(opts);
        });
      command
        .command('dispatch')
        .summary('run the rules on every event not yet acted on, now (a dispatcher also starts by itself when events are written)')
        .option('--json', 'print {acted, log} as JSON')
        .action(async (opts: { json?: boolean }) => {
          const { runEventsDispatch } = await import('./commands/events-rules.js');
          process.exitCode = await runEventsDispatch(opts);
        });
      command
        .command('put')
        .summary("an event from outside for the configuration's rules, acted on at once; prints its id")
        .requiredOption('--detail-type <type>', "the event's detail-type")
        .requiredOption('--detail <json>', "the event's detail, a JSON object")
        .option('--source <source>', "the event's source (default spawn-slurm.put)")
        .option('-c, --config <mapping.yaml>', 'configuration file with the rules')
        .option('--json', 'print {id, acted} as JSON')
        .action(async (opts: { detailType: string; detail: string; source?: string; config?: string; json?: boolean }) => {
          const { runEventsPut } = await import('./commands/events-rules.js');
          process.exitCode = await runEventsPut(opts);
        });
      command
        .command('serve')
        .summary("take events over HTTP (POST /events, authenticated) for the configuration's rules; runs until SIGTERM")
        .requiredOption('--listen <host:port>', 'address to listen on: 127.0.0.1:8787 (port 0 picks a free one); a non-loopback address needs --allow-remote')
        .addOption(configOption())
        .option('--token-env <var>', 'environment variable holding the bearer token (default SPAWN_SLURM_EVENTS_TOKEN)')
        .option('--hmac-secret-env <var>', 'environment variable holding the HMAC-SHA256 secret for X-Spawn-Slurm-Signature (default SPAWN_SLURM_EVENTS_HMAC_SECRET)')
        .option('--max-body <bytes>', 'largest request body taken (default 262144, 256 KiB)')
        .option('--allow-remote', 'listen on an address other hosts can reach (plain HTTP: put TLS in front)')
        .action(async (opts: { listen: string; config?: string; tokenEnv?: string; hmacSecretEnv?: string; maxBody?: string; allowRemote?: boolean }) => {
          const { runEventsServe } = await import('./commands/events-serve.js');
          process.exitCode = await runEventsServe(opts);
        });
      command
        .command('watch')
        .summary("turn new files of a directory, or new objects under an S3 prefix, into S3 Object Created events for the configuration's rules")
        .argument('<place>', 'a directory (watched recursively) or s3://bucket/prefix')
        .addOption(configOption())
        .option('--once', 'look once, act on what is new, and exit')
        .option('--interval <seconds>', 'seconds between looks (default 5)')
        .action(async (place: string, opts: { config?: string; once?: boolean; interval?: string }) => {
          const { runEventsWatch } = await import('./commands/events-watch.js');
          process.exitCode = await runEventsWatch(place, opts);
        });
      command
        .command('deploy')
        .summary("write an AWS Lambda function and a CloudFormation template that run the configuration's rules on EventBridge events (docs/lambda.md)")
        .requiredOption('--out <dir>', 'where to write function/ and template.yaml (replaced as a whole)')
        .addOption(configOption())
        .option('--cluster <name>', 'the clusters: entry the rules submit to (default: the only one)')
        .option('--function-name <name>', "the Lambda function's name (default: one CloudFormation makes)")
        .action(async (opts: { out: string; config?: string; cluster?: string; functionName?: string }) => {
          const { runEventsDeploy } = await import('./commands/events-deploy.js');
          process.exitCode = await runEventsDeploy(opts);
        });
    },
  },
];

/** The first word that is not an option: the command the user asked for. */
function requestedCommand(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-'));
}

function buildProgram(invokedAs: string, argv: readonly string[]): Command {
  const program = new Command(invokedAs)
    .description('Run Slurm batch scripts anywhere: parse #SBATCH exactly as sbatch does, lint, estimate, convert, submit.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const requested = requestedCommand(argv);
  const known = COMMANDS.some((c) => c.name === requested);
  for (const definition of COMMANDS) {
    const command = program.command(definition.name).summary(definition.summary);
    // Unknown or help requests get every command fully declared, for help and suggestions.
    if (!known || definition.name === requested) definition.define(command);
  }
  return program;
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isSpawnSlurmError(error)) {
    process.stderr.write(`spawn-slurm: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`spawn-slurm: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('  This is a bug in spawn-slurm; please report it with the command you ran (add --debug for details).\n');
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/**
 * A command that reads one script also takes sbatch options before its name (`inspect -t 5 job.sbatch`):
 * they move behind the name, among the sbatch options its action reads. Loaded only for such commands.
 */
async function withScriptNameFirst(program: Command, argv: readonly string[]): Promise<string[]> {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const command = program.commands.find((c) => c.name() === argv[at]);
  if (command?.registeredArguments[0]?.name() !== 'script') return [...argv];
  const { declaredToolOptions, scriptNameFirst } = await import('./leading-sbatch-options.js');
  return [...argv.slice(0, at + 1), ...scriptNameFirst(argv.slice(at + 1), declaredToolOptions(command.options))];
}

/** Runs one command line. Sets process.exitCode instead of exiting, so output is flushed. */
export async function main(argv: readonly string[], invokedAs = 'spawn-slurm'): Promise<void> {
  const program = buildProgram(invokedAs, argv);
  try {
    await program.parseAsync(await withScriptNameFirst(program, argv), { from: 'user' });
  } catch (error) {
    process.exitCode = report(error, argv.includes('--debug'));
  }
}

/** The `spawn` binary: `spawn slurm <command>` is this CLI; anything else goes to the real launcher. */
export async function runSpawnShim(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'slurm') return main(argv.slice(1), 'spawn slurm');
  const { runSpawnPassthrough } = await import('./commands/spawn-passthrough.js');
  process.exitCode = runSpawnPassthrough(argv);
}
