import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Tx } from '../db/database.js';
import { defineJob, type Jobs } from '../jobs/jobs.js';
import { Mailer, type MailMessage } from './mailer.js';

export type { MailMessage } from './mailer.js';

/** Outgoing mail: queued in the caller's transaction, sent by a job after commit, with retries. */
export interface MailService {
  /** Queues `message` inside `tx`: it is sent only if the transaction commits. */
  enqueue(tx: Tx, message: MailMessage): Promise<void>;
  /** Sends the queued mail now, in this process; returns how many: for tests and CLIs. */
  drain(): Promise<number>;
  mailer: Mailer;
}

export function createMailService(config: Config, jobs: Jobs, log: FastifyBaseLogger): MailService {
  const mailer = new Mailer(
    {
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      outboxDir: path.join(config.dataDir, 'mail'),
    },
    log,
  );
  const sendMail = defineJob<MailMessage>({
    name: 'mail.send',
    retryLimit: 8,
    retryDelaySeconds: 15,
    handle: (message) => mailer.send(message),
  });
  jobs.register(sendMail);
  return {
    mailer,
    drain: () => jobs.drain(sendMail),
    enqueue: async (tx, message) => {
      await jobs.send(sendMail, message, { tx });
    },
  };
}
