import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { cliEntry } from '../../launch/local/bundles.js';
import type { RuleAction } from '../../mapping/config/types.js';
import type { JsonObject } from '../json.js';
import { eventEnvironment, substituteEventVariables } from './event-environment.js';

export interface ActionResult {
  ok: boolean;
  /** One line: the job submitted, the command's exit status, or why it failed. */
  outcome: string;
}

export interface ActionContext {
  event: JsonObject;
  /** The configuration file the rule is in: relative paths and commands start from its directory. */
  configPath: string;
  /** Marks what a submit action makes (SPAWN_RULE_KEY in the job's environment), so a retry after a crash can find it. */
  ruleKey: string;
  /** Sends the event to a configured sink (puts it in the sink's spool). */
  toSink(sink: string, event: JsonObject): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `: <the last line of stderr>`, or nothing when it said nothing. */
const lastLine = (text: string) => {
  const line = text.trim().split('\n').at(-1) ?? '';
  return line ? `: ${line}` : '';
};

/**
 * Runs one action of a rule for an event: `submit` through this installation's own `submit` (so a
 * rule's job is any other job, on any backend), `run` as a shell command, `sink` to a configured sink.
 * The event's fields are SPAWN_EVENT_* variables for both, and `${SPAWN_EVENT_…}` in a submit's
 * arguments (`--dependency=afterok:${SPAWN_EVENT_JOB_ID}`).
 */
export async function runAction(action: RuleAction, context: ActionContext): Promise<ActionResult> {
  const eventEnv = eventEnvironment(context.event);
  const env = { ...process.env, ...eventEnv, SPAWN_RULE_KEY: context.ruleKey, SPAWN_SLURM_CONFIG: context.configPath };
  const cwd = dirname(context.configPath);
  if ('submit' in action) {
    const args = ['submit', '--parsable', ...(action.backend ? ['--backend', action.backend] : []), ...action.args.map((a) => substituteEventVariables(a, eventEnv)), action.submit];
    const result = await run(process.execPath, [cliEntry(), ...args], env, cwd);
    if (result.status !== 0) return { ok: false, outcome: `submit ${action.submit} failed (exit ${result.status})${lastLine(result.stderr)}` };
    return { ok: true, outcome: `submitted ${action.submit} as job ${result.stdout.trim()}` };
  }
  if ('run' in action) {
    const result = await run('/bin/sh', ['-c', action.run], env, cwd);
    return result.status === 0 ? { ok: true, outcome: `ran: exit 0` } : { ok: false, outcome: `the command exited with status ${result.status}${lastLine(result.stderr)}` };
  }
  await context.toSink(action.sink, context.event);
  return { ok: true, outcome: `put in the spool of sink ${action.sink}` };
}
