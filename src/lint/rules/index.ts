import type { LintRule } from '../rule.js';
import { arrayOutputCollision } from './array-output-collision.js';
import { memZero } from './mem-zero.js';
import { noTimeLimit } from './no-time-limit.js';
import { outputDirectory } from './output-directory.js';
import { releaseDifference } from './release-difference.js';
import { repeatedOption } from './repeated-option.js';

/** Every lint rule, in the order their findings are computed. */
export const LINT_RULES: readonly LintRule[] = [noTimeLimit, memZero, arrayOutputCollision, outputDirectory, repeatedOption, releaseDifference];
