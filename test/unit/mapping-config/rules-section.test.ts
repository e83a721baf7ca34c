import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAPPING_CODES } from '../../../src/mapping/config/codes.js';
import { parseMappingText } from '../../../src/mapping/config/loader.js';
import { LineIndex } from '../../../src/parser/line-index.js';

const RULE = `rules:
  - name: retry-on-timeout
    pattern:
      source: [{prefix: spawn-slurm.}]
      detail-type: [Task Ended]
      detail: {state: [TIMEOUT], $or: [{partition: [gpu]}, {restartCount: [{numeric: [<, 2]}]}]}
    actions:
      - submit: analysis/plot.sbatch
        backend: local
        args: [--partition=short, -t, '10']
      - run: notify-send "sweep done"
      - sink: archive
sinks:
  - {name: archive, type: command, command: cat >> archive.jsonl}
`;

const lineAt = (text: string, offset: number) => text.split('\n')[new LineIndex(text).position(offset).line - 1] ?? '';

/** The first diagnostic, with the text of the line it points at. */
function firstProblem(text: string) {
  const { config, diagnostics } = parseMappingText(text, '/site/mapping.yaml');
  const first = diagnostics[0];
  return { config, first, line: lineAt(text, first?.range?.start ?? 0) };
}

describe('rules: in mapping.yaml', () => {
  it('reads rules with their pattern as written and their actions, scripts relative to the file', () => {
    const { config, diagnostics } = parseMappingText(RULE, '/site/mapping.yaml');
    expect(diagnostics).toEqual([]);
    expect(config?.rules).toEqual([
      {
        name: 'retry-on-timeout',
        pattern: {
          source: [{ prefix: 'spawn-slurm.' }],
          'detail-type': ['Task Ended'],
          detail: { state: ['TIMEOUT'], $or: [{ partition: ['gpu'] }, { restartCount: [{ numeric: ['<', 2] }] }] },
        },
        actions: [{ submit: '/site/analysis/plot.sbatch', backend: 'local', args: ['--partition=short', '-t', '10'] }, { run: 'notify-send "sweep done"' }, { sink: 'archive' }],
      },
    ]);
  });

  it('keeps an absolute script path and gives a submit without args an empty list', () => {
    const text = 'rules:\n  - name: r\n    pattern: {source: [x]}\n    actions: [{submit: /jobs/a.sbatch}]\n';
    expect(parseMappingText(text, '/site/mapping.yaml').config?.rules[0]?.actions).toEqual([{ submit: '/jobs/a.sbatch', args: [] }]);
  });

  it('has none by default', () => {
    expect(parseMappingText('defaults: {}\n', 'mapping.yaml').config?.rules).toEqual([]);
  });

  it('points at the wrong place inside a pattern, naming its path', () => {
    const text = 'rules:\n  - name: r\n    pattern:\n      detail:\n        state: FAILED\n    actions: [{run: "true"}]\n';
    const { config, first, line } = firstProblem(text);
    expect(config).toBeUndefined();
    expect(first?.code).toBe(MAPPING_CODES.invalidEventPattern);
    expect(first?.message).toBe("rules[0].pattern.detail.state: a pattern's leaf must be an array of values or matchers");
    expect(first?.hint).toBe('write "state": ["FAILED"] (the list holds the values that match)');
    expect(line).toContain('state: FAILED');
  });

  it('points at a bad matcher deep in $or', () => {
    const text = 'rules:\n  - name: r\n    pattern:\n      $or:\n        - detail: {exitCode: [{numeric: [">", "0"]}]}\n        - source: [x]\n    actions: [{run: "true"}]\n';
    const { first, line } = firstProblem(text);
    expect(first?.message).toBe('rules[0].pattern.$or[0].detail.exitCode[0].numeric: ">" must be followed by a number, not "0"');
    expect(line).toContain('numeric');
  });

  it('refuses two rules of the same name, at the second', () => {
    const text = 'rules:\n  - name: same\n    pattern: {source: [a]}\n    actions: [{run: a}]\n  - name: same\n    pattern: {source: [b]}\n    actions: [{run: b}]\n';
    const { first, line } = firstProblem(text);
    expect(first?.code).toBe(MAPPING_CODES.duplicateRuleName);
    expect(first?.message).toBe('rules[1].name: the rule name "same" is taken by rules[0]');
    expect(line).toContain('name: same');
    expect(first?.range?.start).toBeGreaterThan(text.indexOf('run: a'));
  });

  it.each([
    ['a name with a space', 'rules:\n  - name: my rule\n    pattern: {source: [a]}\n    actions: [{run: a}]\n', 'rules[0].name: expected a rule name of at most 64', 'name: my rule'],
    ['a name too long', `rules:\n  - name: ${'r'.repeat(65)}\n    pattern: {source: [a]}\n    actions: [{run: a}]\n`, 'rules[0].name: expected a rule name', 'name: rrr'],
    ['no pattern', 'rules:\n  - name: r\n    actions: [{run: a}]\n', 'rules[0].pattern: expected an EventBridge event pattern', '- name: r'],
    ['a pattern that is a list', 'rules:\n  - name: r\n    pattern: [a]\n    actions: [{run: a}]\n', 'rules[0].pattern: expected an EventBridge event pattern', 'pattern: [a]'],
    ['no actions', 'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions: []\n', 'rules[0].actions: expected a list of at least one action', 'actions: []'],
    [
      'an action of two kinds',
      'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions: [{run: a, sink: b}]\n',
      'rules[0].actions[0]: an action does one thing, not run and sink',
      'actions:',
    ],
    ['an action of no kind', 'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions: [{args: [-p, x]}]\n', 'rules[0].actions[0]: an action says what to do', 'actions:'],
    [
      'a backend without submit',
      'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions:\n      - run: a\n        backend: local\n',
      'rules[0].actions[0].backend: backend belongs to a submit action',
      'backend: local',
    ],
    [
      'an unknown backend',
      'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions:\n      - submit: a.sbatch\n        backend: lokal\n',
      'rules[0].actions[0].backend: expected local, ec2, slurm or auto, got "lokal"; did you mean "local"?',
      'backend: lokal',
    ],
    [
      'args that are not a list',
      'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions:\n      - submit: a.sbatch\n        args: -p gpu\n',
      'rules[0].actions[0].args: expected a list of sbatch options',
      'args: -p gpu',
    ],
    ['an unknown action key', 'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions:\n      - script: a.sbatch\n', 'rules[0].actions[0].script: unknown key', 'script: a.sbatch'],
    ['an unknown rule key', 'rules:\n  - name: r\n    patern: {source: [a]}\n    actions: [{run: a}]\n', 'rules[0].patern: unknown key; did you mean "pattern"?', 'patern:'],
    ['rules that are a map', 'rules:\n  r:\n    pattern: {source: [a]}\n', 'rules: expected a list of rules', 'r:'],
  ])('%s', (_what, text, message, lineText) => {
    const { config, diagnostics } = parseMappingText(text, '/site/mapping.yaml');
    expect(config).toBeUndefined();
    const found = diagnostics.find((d) => d.message.includes(message));
    expect(found?.severity, diagnostics.map((d) => d.message).join('\n')).toBe('error');
    expect(lineAt(text, found?.range?.start ?? 0)).toContain(lineText);
  });

  it('never throws on arbitrary rules, and says what is wrong in its own words', () => {
    const rule = fc.record(
      {
        name: fc.oneof(fc.constantFrom('a', 'b'), fc.jsonValue()),
        pattern: fc.jsonValue(),
        actions: fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.constantFrom('submit', 'run', 'sink', 'backend', 'args'), fc.jsonValue()))),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(rule, { maxLength: 3 }), fc.jsonValue()), (rules) => {
        const { config, diagnostics } = parseMappingText(`${JSON.stringify({ rules })}\n`, 'mapping.yaml');
        for (const d of diagnostics) expect(d.message).not.toMatch(/Invalid (input|option|key|element)|Too (big|small)|expected expected/);
        expect(config === undefined).toBe(diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 300 },
    );
  });
});
