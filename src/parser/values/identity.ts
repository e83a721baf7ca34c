/** `--uid` and `--gid`: sbatch lets only root submit on behalf of someone else. */
import type { Parsed } from './result.js';
import { fail, refusal } from './result.js';

function rootOnly(option: 'uid' | 'gid', value: string | undefined): Parsed<string> {
  return fail(
    refusal(
      'requires-root',
      `sbatch refuses --${option}=${value ?? ''} for everyone but root: "--${option} only permitted by root user" (root gets "Invalid --${option} specification" for an unknown ${option === 'uid' ? 'user' : 'group'}).`,
      `Remove --${option}; jobs run as the user who submits them.`,
    ),
  );
}

/** `--uid=<user>` (arg_set_uid), refused as an ordinary user would see it. */
export function parseUid(value: string | undefined): Parsed<string> {
  return rootOnly('uid', value);
}

/** `--gid=<group>` (arg_set_gid), refused as an ordinary user would see it. */
export function parseGid(value: string | undefined): Parsed<string> {
  return rootOnly('gid', value);
}
