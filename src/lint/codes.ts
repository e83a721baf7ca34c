import { LINT_RULES } from './rules/index.js';
import { CODE_CATALOG } from './code-catalog.js';

/** What SARIF rules[] and the docs say about one diagnostic code. */
export interface RuleInfo {
  code: string;
  title: string;
  description: string;
}

/** Title and description of any diagnostic code, for SARIF rules[] and documentation. */
export function ruleInfo(code: string): RuleInfo {
  const rule = LINT_RULES.find((r) => r.code === code);
  if (rule) return { code, title: rule.title, description: rule.description };
  const entry = CODE_CATALOG[code];
  if (entry) return { code, title: entry.title, description: entry.description };
  return { code, title: code, description: `See docs/rules/${code}.md.` };
}
