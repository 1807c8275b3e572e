import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

/** A file sent with a message; `cid` lets the HTML part show it inline (`<img src="cid:...">`). */
export interface MailAttachment {
  cid: string;
  filename: string;
  contentType: string;
  /** The bytes, base64: messages travel as JSON job data. */
  contentBase64: string;
}

/** A rendered message, ready to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** A stable Message-ID, so a resend after a lost acknowledgement is recognisably the same mail. */
  messageId?: string;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL; without it messages are written as .eml files. */
  smtpUrl?: string;
  from: string;
  /** Where .eml files go when no SMTP server is configured. */
  outboxDir: string;
}

/**
 * Sends mail through SMTP (nodemailer) or, in the zero-setup default, writes
 * each message as an .eml file under DATA_DIR/mail and logs where it went.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly options: MailerOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get isSmtp(): boolean {
    return Boolean(this.options.smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    const { attachments, ...rest } = message;
    const info = await this.transport.sendMail({
      from: this.options.from,
      ...rest,
      ...(attachments
        ? {
            attachments: attachments.map((a) => ({
              cid: a.cid,
              filename: a.filename,
              contentType: a.contentType,
              content: a.contentBase64,
              encoding: 'base64',
            })),
          }
        : {}),
    });
    if (this.isSmtp) {
      this.log.info({ messageId: info.messageId, subject: message.subject }, 'mail sent');
      return;
    }
    await fs.mkdir(this.options.outboxDir, { recursive: true });
    const file = path.join(
      this.options.outboxDir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`,
    );
    await fs.writeFile(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
    // The development default: the link in the text body is what a developer needs.
    const link = /https?:\/\/\S+/.exec(message.text)?.[0];
    this.log.info(
      { file, subject: message.subject, link },
      'mail written (no SMTP_URL configured)',
    );
  }

  close(): void {
    this.transport.close();
  }
}
