import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GroupNode } from './node-group.js';

/**
 * What lets the first node of a multi-node job reach the others, as srun and mpirun expect on a
 * cluster: the node names resolve (/etc/hosts), and an SSH key made for this job on the first node
 * (its private half never leaves it) is authorised on the others. The instances' security group must
 * let them reach each other (docs/ec2-launching.md, "Multi-node jobs").
 */

const MARK = '# spawn-slurm job nodes';

/** Appends the group's names to a hosts file, once. */
export function addHostEntries(hostsFile: string, nodes: readonly GroupNode[]): void {
  let current = '';
  try {
    current = readFileSync(hostsFile, 'utf8');
  } catch {
    mkdirSync(dirname(hostsFile), { recursive: true });
  }
  if (current.includes(MARK)) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  appendFileSync(hostsFile, `${separator}${MARK}\n${nodes.map((n) => `${n.privateIp} ${n.name}`).join('\n')}\n`);
}

export interface JobKey {
  privateKeyPath: string;
  publicKey: string;
}

/** A fresh ed25519 key pair under `dir` (ssh-keygen, which every image with sshd has). */
export function makeJobKey(dir: string, jobId: number): JobKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `spawn-slurm-job-${jobId}`, '-f', privateKeyPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { privateKeyPath, publicKey: readFileSync(`${privateKeyPath}.pub`, 'utf8').trim() };
}

/** On the other nodes: the job key may log in (as the user the tasks run as). */
export function authorizeJobKey(home: string, publicKey: string): void {
  const sshDir = join(home, '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  appendFileSync(join(sshDir, 'authorized_keys'), `${publicKey.trim()}\n`, { mode: 0o600 });
}

/** On the first node: ssh (and so mpirun) uses the job key for the job's nodes, whose host keys are new. */
export function useJobKeyFor(home: string, nodes: readonly GroupNode[], key: JobKey): void {
  const sshDir = join(home, '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  const block = [
    `Host ${nodes.map((n) => `${n.name} ${n.privateIp}`).join(' ')}`,
    `  IdentityFile ${key.privateKeyPath}`,
    '  StrictHostKeyChecking no',
    '  UserKnownHostsFile /dev/null',
    '  LogLevel ERROR',
    '',
  ].join('\n');
  appendFileSync(join(sshDir, 'config'), block, { mode: 0o600 });
}
