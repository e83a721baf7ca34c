import type { ValueContext } from './context.js';
import { equalsIgnoringCase, strtok } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

/** The mail events, in the order scontrol prints them (print_mail_type). */
const MAIL_TYPES = ['ARRAY_TASKS', 'INVALID_DEPEND', 'BEGIN', 'END', 'FAIL', 'REQUEUE', 'TIME_LIMIT', 'TIME_LIMIT_90', 'TIME_LIMIT_80', 'TIME_LIMIT_50', 'STAGE_OUT'] as const;

export type MailType = (typeof MAIL_TYPES)[number];

const ALL: readonly MailType[] = ['INVALID_DEPEND', 'BEGIN', 'END', 'FAIL', 'REQUEUE', 'STAGE_OUT'];

/**
 * The events of ONE `--mail-type` value (parse_mail_type): a comma list, case-insensitive; `ALL`
 * expands, `NONE` ends the list and clears it, unknown words are skipped as long as one word is
 * known. Combining repeated options is the caller's job (22.05 ORs them, later releases replace).
 */
export function parseMailType(value: string | undefined, _ctx?: ValueContext): Parsed<readonly MailType[]> {
  const text = value ?? '';
  const chosen = new Set<MailType>();
  const unknown: string[] = [];
  let noneAt = -1;
  const tokens = strtok(text, ',');
  for (const [index, { token }] of tokens.entries()) {
    if (equalsIgnoringCase(token, 'NONE')) {
      chosen.clear();
      noneAt = index;
      break;
    }
    if (equalsIgnoringCase(token, 'ALL')) for (const t of ALL) chosen.add(t);
    else {
      const known = MAIL_TYPES.find((t) => equalsIgnoringCase(token, t));
      if (known) chosen.add(known);
      else unknown.push(token);
    }
  }
  if (!chosen.size && noneAt < 0) {
    return fail(
      refusal(
        'invalid-mail-type',
        `sbatch refuses --mail-type=${text}: "Invalid --mail-type specification".`,
        `Use a comma list of NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, STAGE_OUT, TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS.`,
      ),
    );
  }
  const notes: ValueProblem[] = [];
  if (unknown.length) {
    notes.push(note('mail-type-ignored', 'warning', `sbatch silently ignores ${unknown.map((u) => `"${u}"`).join(', ')} in --mail-type=${text}.`));
  }
  if (noneAt >= 0 && tokens.length > 1) {
    notes.push(note('mail-type-none', 'warning', `NONE in --mail-type=${text} cancels every mail event, including the others listed.`));
  }
  return ok(
    MAIL_TYPES.filter((t) => chosen.has(t)),
    notes,
  );
}
