import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

export interface UserIdentity {
  user: string;
  uid: number;
  gid: number;
  group: string;
}

/** The group's name from /etc/group, else its number (as `id -gn` prints for an unnamed group). */
function groupName(gid: number): string {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && Number(id) === gid) return name;
    }
  } catch {
    // No /etc/group: fall back to the number.
  }
  return String(gid);
}

export function currentUser(): UserIdentity {
  const info = userInfo();
  return { user: info.username, uid: info.uid, gid: info.gid, group: groupName(info.gid) };
}
