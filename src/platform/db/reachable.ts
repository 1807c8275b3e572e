import fs from 'node:fs/promises';
import path from 'node:path';

/** Who a process runs as, for a permission check. */
export interface Identity {
  uid: number;
  gids: number[];
}

/** Whether a folder with this stat can be entered (searched) by `who`. */
function canEnter(stat: { mode: number; uid: number; gid: number }, who: Identity): boolean {
  if (who.uid === 0) return true;
  if (stat.uid === who.uid) return (stat.mode & 0o100) !== 0;
  if (who.gids.includes(stat.gid)) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/**
 * The first existing folder above `dir`, walking down from the file system's
 * root, that `who` cannot enter; undefined when every one can be. Folders of
 * `dir`'s path that do not exist yet are skipped: they are created later, by
 * us, with modes we choose.
 */
export async function firstUnenterableAncestor(
  dir: string,
  who: Identity,
): Promise<string | undefined> {
  const ancestors: string[] = [];
  for (let at = path.dirname(path.resolve(dir)); ; at = path.dirname(at)) {
    ancestors.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of ancestors) {
    const stat = await fs.stat(folder).catch(() => undefined);
    if (!stat) return undefined;
    if (!canEnter(stat, who)) return folder;
  }
  return undefined;
}

/** The error a root start gives when the cluster's user cannot reach DATA_DIR. */
export function unreachableDataDirMessage(dataDir: string, folder: string, user: string): string {
  return [
    `The embedded PostgreSQL runs as the "${user}" user (PostgreSQL refuses to run as root),`,
    `and "${user}" cannot enter ${folder}, a folder above the data directory ${dataDir}.`,
    'Marquee does not change the permissions of folders it was not given. Either:',
    `  - set DATA_DIR to a folder "${user}" can reach (for example DATA_DIR=/var/lib/marquee), or`,
    '  - set DATABASE_URL to a PostgreSQL server of your own.',
  ].join('\n');
}
