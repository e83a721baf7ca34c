import type { MatchExplanation } from '../../events/pattern/explain.js';

export interface MatchStyle {
  matched(text: string): string;
  failed(text: string): string;
}

const plain: MatchStyle = { matched: (text) => text, failed: (text) => text };

/** `matches` or `does not match`, then a line per field: `  ok  source: …`, `  no  detail.state: …`. */
export function formatMatchExplanation(explanation: MatchExplanation, style: MatchStyle = plain): string {
  const head = explanation.matched ? style.matched('matches') : style.failed('does not match');
  const lines = explanation.reasons.map((r) => `  ${r.matched ? style.matched('ok') : style.failed('no')}  ${r.path}: ${r.reason}`);
  return `${[head, ...lines].join('\n')}\n`;
}
