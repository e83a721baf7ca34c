import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandSink } from '../../../../src/events/sinks/command-sink.js';
import type { CommandSinkSettings } from '../../../../src/mapping/config/types.js';
import { jobEndedEvent, jobEndedEvents } from '../../../support/job-events.js';
import { waitUntil } from '../../../support/wait-until.js';

const dir = () => mkdtempSync(join(tmpdir(), 'spawn-slurm-command-sink-'));
const sink = (command: string, settings: Partial<CommandSinkSettings> = {}) => commandSink({ name: 'cmd', type: 'command', command, timeout: 10, ...settings });

describe('the command sink', () => {
  it('gives the command the event JSON on its standard input, one event per run, in its directory', async () => {
    const cwd = dir();
    const events = jobEndedEvents(3);
    const result = await sink('cat >> received.jsonl', { cwd }).deliver(events);
    expect(result).toEqual({ delivered: events.map((e) => e.id), failed: [] });
    const lines = readFileSync(join(cwd, 'received.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
  });

  it('takes a non-zero exit as not delivered, says why with the end of its standard error, and stops there', async () => {
    const events = jobEndedEvents(2);
    const result = await sink('echo "bus is down" >&2; exit 3').deliver(events);
    expect(result.delivered).toEqual([]);
    expect(result.failed[0]).toEqual({ id: events[0]?.id, reason: 'the command exited with status 3: bus is down', retryable: true });
    expect(result.failed[1]?.reason).toMatch(/^not sent: /);
  });

  it('does not mind a command that ignores its input', async () => {
    const big = jobEndedEvent(1, { workDir: 'x'.repeat(200_000) });
    expect((await sink('exit 0').deliver([big])).delivered).toEqual([big.id]);
  });

  it('kills the whole process group at the time-out', async () => {
    const cwd = dir();
    const started = Date.now();
    const result = await sink('sleep 30 & echo $! > child.pid; wait', { cwd, timeout: 0.5 }).deliver([jobEndedEvent(1)]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.failed[0]).toMatchObject({ retryable: true, reason: 'the command did not finish within 0.5s and was killed' });
    const child = Number(readFileSync(join(cwd, 'child.pid'), 'utf8'));
    await waitUntil(
      'the backgrounded sleep to be killed',
      () => {
        try {
          process.kill(child, 0);
          return false;
        } catch {
          return true;
        }
      },
      5_000,
      50,
    );
  });

  it('reports a directory that is gone as a command that could not start', async () => {
    const cwd = join(dir(), 'missing');
    const result = await sink('true', { cwd }).deliver([jobEndedEvent(1)]);
    expect(existsSync(cwd)).toBe(false);
    expect(result.failed[0]?.reason).toMatch(/^the command could not be started: /);
  });
});
