import { readFileSync } from 'node:fs';
import { SpawnSlurmError, UsageError } from '../../core/errors.js';
import { readEventJson } from '../../events/event-envelope.js';
import { explainMatch } from '../../events/pattern/explain.js';
import { compileEventPattern } from '../../events/pattern/parse-pattern.js';
import { suggest } from '../../util/suggest.js';
import { colourFor } from '../format/colour.js';
import { formatMatchExplanation } from '../format/match-explanation.js';
import { mappingFileFor } from '../mapping-findings.js';

/** Exit 1 means "does not match" here, so whatever keeps the test from running exits 2, as grep's errors do. */
class CannotTestError extends SpawnSlurmError {
  override readonly exitCode = 2;

  constructor(message: string, hint?: string) {
    super('events-test', message, hint);
  }
}

interface EventsTestOptions {
  event: string;
  config?: string;
  json?: boolean;
}

function readEventFile(file: string) {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new CannotTestError(`cannot read the event ${file}: ${reason}`);
  }
  const reading = readEventJson(text);
  if (!reading.ok) throw new CannotTestError(`the event in ${file === '-' ? 'standard input' : file} is ${reading.problem}`, reading.hint);
  return reading.event;
}

async function ruleNamed(name: string, configPath: string | undefined) {
  const mapping = await mappingFileFor(configPath);
  if (!mapping) throw new CannotTestError('the configuration file has errors (shown above)', 'fix them, then test the rule again');
  if (!mapping.path) {
    throw new CannotTestError('there are no rules: no configuration file was found', 'name one with --config FILE, or write rules: in ./mapping.yaml (docs/mapping.md, "rules")');
  }
  const rule = mapping.config.rules.find((r) => r.name === name);
  if (rule) return rule;
  const known = mapping.config.rules.map((r) => r.name);
  const [closest] = suggest(name, known);
  throw new UsageError(
    `${mapping.path} has no rule named "${name}"${closest ? `; did you mean "${closest}"?` : ''}`,
    known.length > 0 ? `its rules: ${known.join(', ')}` : 'it has no rules: add them under rules: (docs/mapping.md, "rules")',
  );
}

/** `events test RULE --event FILE`: 0 when the rule's pattern matches the event, 1 when it does not. */
export async function runEventsTest(name: string, opts: EventsTestOptions): Promise<number> {
  const rule = await ruleNamed(name, opts.config);
  const event = readEventFile(opts.event);
  const explanation = explainMatch(compileEventPattern(rule.pattern), event);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
  } else {
    const colour = colourFor(process.stdout, process.env);
    process.stdout.write(formatMatchExplanation(explanation, { matched: colour.green, failed: colour.red }));
  }
  return explanation.matched ? 0 : 1;
}
