import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchEvents } from '../../../src/events/dispatch/dispatch.js';
import { inboxPath } from '../../../src/events/dispatch/event-cursor.js';
import { ActionLedger, ruleKey } from '../../../src/events/rules/action-ledger.js';

/** A state directory with one rule of two commands, and one event in the inbox. */
function world() {
  const dir = mkdtempSync(join(tmpdir(), 'dispatch-recovery-'));
  const state = join(dir, 'state');
  const config = join(dir, 'mapping.yaml');
  writeFileSync(
    config,
    [
      'rules:',
      '  - name: two-steps',
      '    pattern:',
      '      detail-type: [Data Arrived]',
      '    actions:',
      `      - run: 'echo first >> ${join(dir, 'steps.log')}'`,
      `      - run: 'echo second >> ${join(dir, 'steps.log')}'`,
      '',
    ].join('\n'),
  );
  const event = { version: '0', id: 'ev-1', 'detail-type': 'Data Arrived', source: 'lab', account: '', time: '2026-12-02T10:00:00Z', region: '', resources: [], detail: {} };
  mkdirSync(join(state, 'events'), { recursive: true });
  writeFileSync(inboxPath(state), `${JSON.stringify({ rulesConfig: config, event })}\n`);
  const steps = () => (existsSync(join(dir, 'steps.log')) ? readFileSync(join(dir, 'steps.log'), 'utf8').trim().split('\n') : []);
  return { dir, state, config, event, steps };
}

const quiet = { log: () => {} };

describe('the rule dispatcher across crashes', () => {
  it('acts on each (rule, event) once, however often it runs', async () => {
    const { state, steps } = world();
    expect(await dispatchEvents(state, quiet)).toBe(1);
    expect(await dispatchEvents(state, quiet)).toBe(0);
    expect(steps()).toEqual(['first', 'second']);
    expect(new ActionLedger(state).read('two-steps', 'ev-1')).toMatchObject({ state: 'done', actionsDone: 2 });
  });

  it('a dispatcher that died after the first action: the next one does not run it again, and marks the one in flight failed rather than run it twice', async () => {
    const { state, config, event, steps } = world();
    const ledger = new ActionLedger(state);
    // What a dispatcher killed while running the second command leaves: the pair claimed, one action done, its pid gone.
    mkdirSync(join(state, 'events', 'acted', 'two-steps'), { recursive: true });
    writeFileSync(join(state, 'events', 'acted', `${ruleKey('two-steps', 'ev-1')}.event.json`), JSON.stringify({ rulesConfig: config, event }));
    expect(ledger.begin('two-steps', 'ev-1')).toBe(true);
    const claimed = ledger.read('two-steps', 'ev-1');
    ledger.update({ ...(claimed as NonNullable<typeof claimed>), actionsDone: 1, pid: 2 ** 22 + 7, pidStart: null });
    writeFileSync(join(state, 'events', 'cursor.json'), JSON.stringify({ [inboxPath(state)]: readFileSync(inboxPath(state)).length }));

    await dispatchEvents(state, quiet);
    expect(steps()).toEqual([]);
    expect(ledger.read('two-steps', 'ev-1')).toMatchObject({ state: 'failed', outcome: expect.stringContaining('interrupted while running action 2') });
    // The failure is an event of its own, for other rules.
    const inbox = readFileSync(inboxPath(state), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(inbox.at(-1).event).toMatchObject({ source: 'spawn-slurm.rules', 'detail-type': 'Rule Action Failed', detail: { rule: 'two-steps', eventId: 'ev-1', action: 1 } });
  });
});
