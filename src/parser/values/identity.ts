/**
 * `--uid` and `--gid`: sbatch lets only root submit on behalf of someone else. Whether the
 * submitting user is root, and whether the user or group exists, depends on the machine and not
 * on the script, so the value is accepted with a warning.
 */
import type { Parsed } from './result.js';
import { note, ok } from './result.js';

function rootOnly(option: 'uid' | 'gid', value: string | undefined): Parsed<string> {
  const what = option === 'uid' ? 'user' : 'group';
  return ok(value ?? '', [
    note(
      'requires-root',
      'warning',
      `sbatch refuses --${option}=${value ?? ''} for everyone but root ("--${option} only permitted by root user"), and refuses root an unknown ${what} ("Invalid --${option} specification").`,
      `Remove --${option}; jobs run as the user who submits them.`,
    ),
  ]);
}

/** `--uid=<user>` (arg_set_uid). */
export function parseUid(value: string | undefined): Parsed<string> {
  return rootOnly('uid', value);
}

/** `--gid=<group>` (arg_set_gid). */
export function parseGid(value: string | undefined): Parsed<string> {
  return rootOnly('gid', value);
}
