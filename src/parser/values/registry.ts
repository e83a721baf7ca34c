import { valueParsersA } from './by-option-a.js';
import { valueParsersB } from './by-option-b.js';
import type { OptionValueParser } from './context.js';

/** The validator of every option argument, keyed by long option name. */
export const valueParsers: Record<string, OptionValueParser> = { ...valueParsersA, ...valueParsersB };
