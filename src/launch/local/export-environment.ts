import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/**
 * The environment a login shell of the user gives, which slurmd puts under the submitted one when
 * SLURM_GET_USER_ENV is set (--export=NONE, a list, --get-user-env): a fresh `bash -l` from a nearly
 * empty environment, with Slurm's 8 s limit. Falls back to the basics when that fails.
 */
export function userLoginEnvironment(): Record<string, string> {
  const user = userInfo();
  const basics: Record<string, string> = {
    HOME: user.homedir,
    USER: user.username,
    LOGNAME: user.username,
    SHELL: user.shell ?? '/bin/sh',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  };
  try {
    const out = execFileSync('/bin/bash', ['-l', '-c', 'env -0'], { env: basics, cwd: basics.HOME ?? '/', timeout: 8_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const env: Record<string, string> = {};
    for (const entry of out.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    for (const name of ['PWD', 'OLDPWD', 'SHLVL', '_']) delete env[name];
    return env;
  } catch {
    return basics;
  }
}
