import type { ValueContext } from './context.js';
import { isWhitespaceOnly, scanCInteger, toInt32 } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';
import { releaseAtLeast } from '../slurm-release.js';

/** `-N` as sbatch stores it: `max` null means no maximum (Slurm's 0). */
export interface NodeCount {
  min: number;
  max: number | null;
  /** The allowed job sizes of a size list (`1,4,8`, `1-15:4`; 23.02 and later). */
  sizes?: number[];
}

interface NodeNumber {
  /** The int sbatch keeps, -1 when there were no digits. */
  value: number;
  /** The same number without the 32-bit truncation. */
  exact: bigint;
  leftover: string;
}

/** `_str_to_nodes`: strtol, then an optional k (×1024) and m (×1048576), cast to int. */
function scanNodeNumber(text: string): NodeNumber {
  const scan = scanCInteger(text);
  if (!scan.digits) return { value: -1, exact: -1n, leftover: text };
  let number = scan.value;
  let end = scan.end;
  if (text[end] === 'k' || text[end] === 'K') {
    number *= 1024n;
    end++;
  }
  if (text[end] === 'm' || text[end] === 'M') {
    number *= 1048576n;
    end++;
  }
  return { value: toInt32(BigInt.asIntN(64, number)), exact: number, leftover: text.slice(end) };
}

function notANodeCount(text: string, part: string): Parsed<NodeCount> {
  return fail(refusal('invalid-node-count', `sbatch refuses --nodes=${text}: "${part}" is not a valid node count.`, 'Give a node count N or a range MIN-MAX, e.g. 2 or 2-4.'));
}

/**
 * `-N/--nodes` (verify_node_count): `N`, `MIN-MAX` (an empty MIN means 1), k/m suffixes; from 23.02
 * also size lists `1,4,8` and `1-15:4`.
 */
export function parseNodeCount(value: string | undefined, ctx: ValueContext): Parsed<NodeCount> {
  const text = value ?? '';
  if (releaseAtLeast(ctx.release, '23.02') && /[,:]/.test(text)) return parseNodeSizeList(text);

  const dash = text.indexOf('-');
  const notes: ValueProblem[] = [];
  let min: number;
  let max: number;
  if (dash >= 0) {
    const minPart = text.slice(0, dash);
    const lower = scanNodeNumber(minPart);
    if (!isWhitespaceOnly(lower.leftover)) return notANodeCount(text, minPart);
    const maxPart = text.slice(dash + 1);
    const upper = scanNodeNumber(maxPart);
    if (!isWhitespaceOnly(upper.leftover)) return notANodeCount(text, maxPart);
    min = lower.value < 0 ? 1 : lower.value;
    max = upper.value;
    if (lower.exact >= 0n) notes.push(...truncationNotes(minPart, lower));
    notes.push(...truncationNotes(maxPart, upper));
  } else {
    const count = scanNodeNumber(text);
    if (!isWhitespaceOnly(count.leftover) || count.value < 0) return notANodeCount(text, text);
    min = max = count.value;
    notes.push(...truncationNotes(text, count));
  }
  if (max !== 0 && max < min) {
    return fail(
      refusal(
        'invalid-node-count',
        `sbatch refuses --nodes=${text}: Maximum node count ${max} is less than minimum node count ${min}.`,
        max === -1 ? `Write the range with both ends, e.g. ${min}-${min}, or a single count ${min}.` : 'Put the smaller count first.',
      ),
    );
  }
  return ok({ min, max: max === 0 ? null : max }, notes);
}

function truncationNotes(part: string, number: NodeNumber): ValueProblem[] {
  if (BigInt(number.value) === number.exact) return [];
  return [
    note('node-count-overflow', 'error', `sbatch accepts the node count ${part.trim()}, but it does not fit in 32 bits and Slurm uses ${number.value}.`, 'Give a realistic node count.'),
  ];
}

/** More sizes than this would make the job-size list unreasonably large to keep expanded. */
const MAX_SIZE_LIST = 65536;

/**
 * A node-size list (23.02+): comma-separated counts and `MIN-MAX[:STEP]` ranges. min and max are
 * the smallest and largest size. Modelled on slurm-semantics.md §3.3; the exact 23.02 grammar could
 * not be checked against that release's source.
 */
function parseNodeSizeList(text: string): Parsed<NodeCount> {
  const sizes = new Set<number>();
  for (const token of text.split(',')) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(token);
    if (!match) return notANodeCount(text, text);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const step = match[3] === undefined ? 1 : Number(match[3]);
    if (last < first || step <= 0 || last > 2 ** 31 - 1) return notANodeCount(text, text);
    if (sizes.size + Math.floor((last - first) / step) + 1 > MAX_SIZE_LIST) return notANodeCount(text, text);
    for (let size = first; size <= last; size += step) sizes.add(size);
  }
  const sorted = [...sizes].sort((a, b) => a - b);
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  return ok({ min, max: max === 0 ? null : max, sizes: sorted });
}
