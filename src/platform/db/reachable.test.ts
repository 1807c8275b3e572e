import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';
import { firstUnenterableAncestor } from './reachable.js';

const base = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-reach-'));
await fs.chmod(base, 0o755);
afterAll(() => fs.rm(base, { recursive: true, force: true }));

const other = { uid: 4242, gids: [4243] };

describe('firstUnenterableAncestor', () => {
  it('names the first folder above the data directory that the user cannot enter', async () => {
    const locked = path.join(base, 'locked');
    await fs.mkdir(path.join(locked, 'inner'), { recursive: true });
    await fs.chmod(locked, 0o700);
    expect(await firstUnenterableAncestor(path.join(locked, 'inner', 'data'), other)).toBe(locked);
    // Control: the same folder opened to others is no longer reported.
    await fs.chmod(locked, 0o711);
    expect(await firstUnenterableAncestor(path.join(locked, 'inner', 'data'), other)).toBe(
      undefined,
    );
  });

  it('reads the group bits for a member and ignores folders not created yet', async () => {
    const grouped = path.join(base, 'grouped');
    await fs.mkdir(grouped);
    await fs.chmod(grouped, 0o750);
    const { gid } = await fs.stat(grouped);
    expect(await firstUnenterableAncestor(path.join(grouped, 'a', 'b'), other)).toBe(grouped);
    expect(
      await firstUnenterableAncestor(path.join(grouped, 'a', 'b'), { uid: 4242, gids: [gid] }),
    ).toBe(undefined);
  });
});

const asRoot = process.getuid?.() === 0;
if (!asRoot)
  console.info(
    'first-start test skipped: only a root start hands the cluster to the postgres user',
  );

describe.skipIf(!asRoot)('a root start whose DATA_DIR the postgres user cannot reach', () => {
  it('fails at once naming the folder and the two ways out, and writes nothing', async () => {
    const locked = path.join(base, 'root-home');
    await fs.mkdir(locked);
    await fs.chmod(locked, 0o700);
    const dataDir = path.join(locked, 'repo', '.data');
    const started = Date.now();
    const error = await startEmbeddedPostgres({ dataDir }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(`cannot enter ${locked}`);
    expect(error?.message).toContain('DATA_DIR');
    expect(error?.message).toContain('DATABASE_URL');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await fs.readdir(locked)).toEqual([]);
  });
});
