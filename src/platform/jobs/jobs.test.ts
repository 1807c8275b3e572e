import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { defineJob, Jobs } from './jobs.js';

const { platform, databaseUrl, dataDir } = await useTestApp();
const { database, log } = platform;

const ran: Array<{ n: number }> = [];
const recorded = defineJob<{ n: number }>({
  name: 'probe.recorded',
  handle: async (data) => {
    ran.push(data);
  },
});

let flakyAttempts = 0;
const flaky = defineJob<{ n: number }>({
  name: 'probe.flaky',
  retryLimit: 3,
  retryDelaySeconds: 0,
  handle: async () => {
    flakyAttempts += 1;
    if (flakyAttempts === 1) throw new Error('first attempt fails');
  },
});

// A second Jobs instance, as `npm run worker` would have, with its own registrations.
const worker = new Jobs(databaseUrl, log);
let resolveWorked: (data: { n: number }) => void = () => {};
const worked = new Promise<{ n: number }>((resolve) => {
  resolveWorked = resolve;
});
const background = defineJob<{ n: number }>({
  name: 'probe.background',
  handle: async (data) => resolveWorked(data),
});
const nightly = defineJob({ name: 'probe.nightly', schedule: '0 3 * * *', handle: async () => {} });
worker.register(background);
worker.register(nightly);
afterAll(() => worker.stop());

describe('jobs', () => {
  it('refuses to register a job twice', () => {
    expect(() => worker.register(background)).toThrow(/already registered/);
  });

  it('runs a sent job in a worker and installs schedules', async () => {
    await worker.startWorkers();
    const schedules = await worker.queue.getSchedules();
    expect(schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'probe.nightly', cron: '0 3 * * *' }),
      ]),
    );
    await worker.send(background, { n: 7 });
    expect(await worked).toEqual({ n: 7 });
  });

  it('enqueues inside a transaction: a rolled-back job never exists, a committed one runs', async () => {
    const queue = new Jobs(databaseUrl, log);
    queue.register(recorded);
    await queue.start();
    try {
      await expect(
        database.transaction(async (tx) => {
          await queue.send(recorded, { n: 1 }, { tx });
          throw new Error('use case failed');
        }),
      ).rejects.toThrow('use case failed');
      expect(await queue.drain(recorded)).toBe(0);

      await database.transaction((tx) => queue.send(recorded, { n: 2 }, { tx }));
      expect(await queue.drain(recorded)).toBe(1);
      expect(ran).toEqual([{ n: 2 }]);
      const { rows } = await database.pool.query(
        "SELECT data FROM pgboss.job WHERE name = 'probe.recorded'",
      );
      expect(rows.map((row) => row.data)).toEqual([{ n: 2 }]);
    } finally {
      await queue.stop();
    }
  });

  it('retries a failing job', async () => {
    const queue = new Jobs(databaseUrl, log);
    queue.register(flaky);
    await queue.start();
    try {
      const id = await queue.send(flaky, { n: 1 });
      expect(await queue.drain(flaky)).toBe(1);
      expect(flakyAttempts).toBe(1);
      expect((await queue.queue.getJobById('probe.flaky', id!))?.state).toBe('retry');
      expect(await queue.drain(flaky)).toBe(1);
      expect(flakyAttempts).toBe(2);
      const job = await queue.queue.getJobById('probe.flaky', id!);
      expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
    } finally {
      await queue.stop();
    }
  });
});

describe('mail', () => {
  it('writes committed mail as an .eml file under DATA_DIR/mail; rolled-back mail is never sent', async () => {
    const message = (subject: string) => ({
      to: 'ada@example.com',
      subject,
      text: 'Confirm: https://marquee.test/confirm?t=abc',
      html: '<p>Confirm</p>',
    });
    await expect(
      database.transaction(async (tx) => {
        await platform.mail.enqueue(tx, message('Never sent'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await database.transaction((tx) => platform.mail.enqueue(tx, message('Welcome to Marquee')));

    expect(await platform.mail.drain()).toBe(1);

    const dir = path.join(dataDir, 'mail');
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = await fs.readFile(path.join(dir, files[0]!), 'utf8');
    expect(eml).toContain('Subject: Welcome to Marquee');
    expect(eml).toContain('To: ada@example.com');
    expect(eml).toContain('https://marquee.test/confirm?t=abc');
  });
});
