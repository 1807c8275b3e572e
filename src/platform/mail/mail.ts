import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Tx } from '../db/database.js';
import { defineJob, type Jobs } from '../jobs/jobs.js';
import { Mailer, type MailMessage } from './mailer.js';

export type { MailMessage } from './mailer.js';

/** Outgoing mail: queued in the caller's transaction, sent by a job after commit, with retries. */
export interface MailService {
  /**
   * Queues `message` inside `tx`: it is sent only if the transaction commits.
   * With a `key` (unique per mail, e.g. event id and recipient), queueing the
   * same key again is a no-op and the message gets a Message-ID derived from it.
   */
  enqueue(tx: Tx, message: MailMessage, options?: { key?: string }): Promise<void>;
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
    enqueue: async (tx, message, options = {}) => {
      if (!options.key) {
        await jobs.send(sendMail, message, { tx });
        return;
      }
      const id = uuidFromKey(options.key);
      const domain = /@([^>\s]+)>?$/.exec(config.mailFrom)?.[1] ?? 'marquee.invalid';
      await jobs.send(sendMail, { ...message, messageId: `<${id}@${domain}>` }, { tx, id });
    },
  };
}

/** A UUID (version 8, RFC 9562) derived from `key`: pg-boss job ids are UUIDs. */
function uuidFromKey(key: string): string {
  const bytes = createHash('sha256').update(`mail:${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
