import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAPPING_CODES } from '../../../src/mapping/config/codes.js';
import { parseMappingText } from '../../../src/mapping/config/loader.js';
import { LineIndex } from '../../../src/parser/line-index.js';

const SINKS = `sinks:
  - name: hook
    type: webhook
    url: https://hooks.example.org/slurm
    secret_env: SLURM_WEBHOOK_SECRET
  - name: local-hook
    type: webhook
    url: http://127.0.0.1:8080/events
    secret_env: LOCAL_SECRET
    timeout: 2s
    retries: 0
  - name: archive
    type: command
    command: cat >> events.jsonl
    timeout: 1m
  - name: bus
    type: eventbridge
    region: eu-west-1
  - name: other-bus
    type: eventbridge
    bus: arn:aws:events:eu-central-1:123456789012:event-bus/jobs
    profile: science
    source: site.cluster
rules:
  - name: all
    pattern: {source: [{prefix: spawn-slurm.}]}
    actions: [{sink: hook}, {sink: archive}]
`;

const lineAt = (text: string, offset: number) => text.split('\n')[new LineIndex(text).position(offset).line - 1] ?? '';

function problems(text: string) {
  const { config, diagnostics } = parseMappingText(text, '/site/mapping.yaml');
  return { config, diagnostics: diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, line: lineAt(text, d.range?.start ?? 0) })) };
}

describe('sinks: in mapping.yaml', () => {
  it('reads each type with its defaults filled in: durations in seconds, the region from a bus ARN, commands run beside the file', () => {
    const { config, diagnostics } = problems(SINKS);
    expect(diagnostics).toEqual([]);
    expect(config?.sinks).toEqual([
      { name: 'hook', type: 'webhook', url: 'https://hooks.example.org/slurm', secret_env: 'SLURM_WEBHOOK_SECRET', timeout: 10, retries: 5 },
      { name: 'local-hook', type: 'webhook', url: 'http://127.0.0.1:8080/events', secret_env: 'LOCAL_SECRET', timeout: 2, retries: 0 },
      { name: 'archive', type: 'command', command: 'cat >> events.jsonl', timeout: 60, cwd: '/site' },
      { name: 'bus', type: 'eventbridge', bus: 'default', region: 'eu-west-1' },
      { name: 'other-bus', type: 'eventbridge', bus: 'arn:aws:events:eu-central-1:123456789012:event-bus/jobs', region: 'eu-central-1', profile: 'science', source: 'site.cluster' },
    ]);
  });

  it('has none by default', () => {
    expect(parseMappingText('defaults: {}\n', 'mapping.yaml').config?.sinks).toEqual([]);
  });

  it('allows plain http to this machine only, and says so', () => {
    for (const host of ['localhost:9000', '[::1]:9000', '127.0.0.1']) {
      expect(problems(`sinks: [{name: h, type: webhook, url: "http://${host}/e", secret_env: S}]\n`).diagnostics).toEqual([]);
    }
    const [problem] = problems('sinks:\n  - name: h\n    type: webhook\n    url: http://hooks.example.org/e\n    secret_env: S\n').diagnostics;
    expect(problem).toEqual({
      code: MAPPING_CODES.invalidValue,
      message: 'sinks[0].url: "http://hooks.example.org/e" is plain http to another machine: events would cross the network unencrypted',
      hint: 'use https://hooks.example.org/e; http:// is allowed only to this machine (127.0.0.1, localhost, ::1)',
      line: '    url: http://hooks.example.org/e',
    });
  });

  it('refuses a secret written into the file, without repeating it', () => {
    const { config, diagnostics } = problems('sinks:\n  - name: h\n    type: webhook\n    url: https://x.org/e\n    secret: s3cr3t-value\n');
    expect(config).toBeUndefined();
    const secret = diagnostics.find((d) => d.line.includes('secret:'));
    expect(secret).toMatchObject({
      code: MAPPING_CODES.unknownKey,
      message: 'sinks[0].secret: the secret itself never goes in the configuration file',
      hint: 'put it in an environment variable and name that variable instead: secret_env: VARIABLE_NAME',
    });
    expect(JSON.stringify(diagnostics.map((d) => [d.message, d.hint]))).not.toContain('s3cr3t-value');
    expect(diagnostics.map((d) => d.message)).toContain('sinks[0]: a webhook sink needs secret_env');
  });

  it('refuses a password in the URL, without repeating it', () => {
    const { diagnostics } = problems('sinks: [{name: h, type: webhook, url: "https://me:pa55word@x.org/e", secret_env: S}]\n');
    expect(diagnostics[0]?.message).toBe('sinks[0].url: the URL carries a user name or password, which would be a secret in the file');
    expect(JSON.stringify(diagnostics.map((d) => [d.message, d.hint]))).not.toContain('pa55word');
  });

  it.each([
    ['an unknown type', 'sinks:\n  - name: s\n    type: webhok\n', 'sinks[0].type: expected webhook, command or eventbridge, got "webhok"; did you mean "webhook"?', 'type: webhok'],
    [
      'a key of another type',
      'sinks:\n  - name: s\n    type: command\n    command: cat\n    url: https://x.org\n',
      'sinks[0].url: url belongs to a webhook sink, not to a command one',
      'url: https',
    ],
    ['a command sink without its command', 'sinks:\n  - name: s\n    type: command\n', 'sinks[0]: a command sink needs command', '- name: s'],
    [
      'a bare number as timeout',
      'sinks:\n  - {name: s, type: command, command: cat, timeout: 30}\n',
      'sinks[0].timeout: expected a duration like 10s or 2m, got the number 30',
      'timeout: 30',
    ],
    ['a timeout of nothing', 'sinks:\n  - {name: s, type: command, command: cat, timeout: 0s}\n', 'sinks[0].timeout: a timeout of 0 would fail every delivery', 'timeout: 0s'],
    ['too many retries', 'sinks:\n  - {name: s, type: webhook, url: "https://x.org", secret_env: S, retries: 50}\n', 'sinks[0].retries: expected a whole number from 0 to 20', 'retries: 50'],
    [
      'a secret_env that is no variable name',
      'sinks:\n  - {name: s, type: webhook, url: "https://x.org", secret_env: "my secret"}\n',
      'sinks[0].secret_env: expected an environment variable name',
      'secret_env',
    ],
    ['an eventbridge sink with no region', 'sinks:\n  - name: s\n    type: eventbridge\n', 'sinks[0]: an eventbridge sink needs region (or a bus ARN, which names it)', '- name: s'],
    [
      'a region the bus ARN contradicts',
      'sinks:\n  - name: s\n    type: eventbridge\n    bus: arn:aws:events:us-east-1:123456789012:event-bus/b\n    region: eu-west-1\n',
      'sinks[0].region: the bus ARN is in us-east-1, not eu-west-1',
      'region: eu-west-1',
    ],
    [
      'a source EventBridge keeps for AWS',
      'sinks:\n  - {name: s, type: eventbridge, region: us-east-1, source: aws.batch}\n',
      'sinks[0].source: EventBridge refuses custom events whose source starts with "aws."',
      'source: aws.batch',
    ],
    ['a name that is not a directory name', 'sinks:\n  - {name: .., type: command, command: cat}\n', 'sinks[0].name: expected a sink name of at most 64', 'name: ..'],
    ['sinks that are a map', 'sinks:\n  hook: {type: command, command: cat}\n', 'sinks: expected a list of sinks', 'hook:'],
  ])('%s', (_what, text, message, lineText) => {
    const { config, diagnostics } = problems(text);
    expect(config).toBeUndefined();
    const found = diagnostics.find((d) => d.message.startsWith(message));
    expect(found, diagnostics.map((d) => d.message).join('\n')).toBeDefined();
    expect(found?.line).toContain(lineText);
  });

  it('refuses two sinks of the same name, at the second', () => {
    const { diagnostics } = problems('sinks:\n  - {name: same, type: command, command: a}\n  - {name: same, type: command, command: b}\n');
    expect(diagnostics).toEqual([
      {
        code: MAPPING_CODES.duplicateSinkName,
        message: 'sinks[1].name: the sink name "same" is taken by sinks[0]',
        hint: 'give each sink a name of its own',
        line: '  - {name: same, type: command, command: b}',
      },
    ]);
  });

  it('refuses a rule that sends to a sink that is not configured, at the action', () => {
    const text = 'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions:\n      - run: "true"\n      - sink: archiv\nsinks:\n  - {name: archive, type: command, command: cat}\n';
    const { config, diagnostics } = problems(text);
    expect(config).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        code: MAPPING_CODES.unknownSink,
        message: 'rules[0].actions[1].sink: there is no sink named "archiv"; did you mean "archive"?',
        hint: 'the configured sinks: archive',
        line: '      - sink: archiv',
      },
    ]);
  });

  it('says where sinks are configured when there are none', () => {
    const { diagnostics } = problems('rules:\n  - name: r\n    pattern: {source: [a]}\n    actions: [{sink: log}]\n');
    expect(diagnostics[0]?.hint).toBe('configure it under sinks: (docs/mapping.md, "sinks"); the local event log needs no sink, it gets every event');
  });

  it('never throws on arbitrary sinks, and says what is wrong in its own words', () => {
    const sink = fc.dictionary(
      fc.constantFrom('name', 'type', 'url', 'secret_env', 'secret', 'timeout', 'retries', 'command', 'bus', 'region', 'profile', 'source'),
      fc.oneof(fc.constantFrom('webhook', 'command', 'eventbridge', 'https://x.org', 'us-east-1', '10s'), fc.jsonValue()),
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(sink, { maxLength: 3 }), fc.jsonValue()), (sinks) => {
        const { config, diagnostics } = parseMappingText(`${JSON.stringify({ sinks })}\n`, 'mapping.yaml');
        for (const d of diagnostics) expect(d.message).not.toMatch(/Invalid (input|option|key|element)|Too (big|small)|expected expected|undefined/);
        expect(config === undefined).toBe(diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 300 },
    );
  });
});
