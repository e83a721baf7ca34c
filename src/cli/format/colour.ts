import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

/** Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** A chalk instance for the stream: colourless unless `wantsColour`. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): ChalkInstance {
  return new Chalk({ level: wantsColour(stream, env) ? (supportsColor ? supportsColor.level : 1) : 0 });
}
