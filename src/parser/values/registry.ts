import type { OptionValueParser } from './context.js';

/** The validator of every option argument, keyed by long option name. */
export const valueParsers: Record<string, OptionValueParser> = {};
