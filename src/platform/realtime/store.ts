import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../db/database.js';

/**
 * The messages of stream channels, numbered per channel, and the one-time
 * connection tickets. Sequence numbers come from the database, so every
 * instance numbers a channel the same way and a client may resume on any.
 */
export class RealtimeStore {
  constructor(
    private readonly database: Database,
    /** How many recent messages of a channel are kept for resumes. */
    private readonly retain: number,
  ) {}

  private get pool(): pg.Pool {
    return this.database.pool;
  }

  /**
   * Stores a message under its channel's next sequence number, and returns
   * that number; null when `onceKey` names a message already stored (a
   * redelivered domain event publishing again), which then takes no number.
   */
  async append(key: string, type: string, data: unknown, onceKey?: string): Promise<number | null> {
    let rows: { seq: string }[];
    try {
      ({ rows } = await this.pool.query<{ seq: string }>({
        name: 'realtime-append',
        text: `WITH seen AS (
                 SELECT 1 FROM realtime_messages WHERE key = $1 AND once_key = $4),
               next AS (
                 INSERT INTO realtime_channels AS c (key, seq)
                 SELECT $1, 1 WHERE NOT EXISTS (SELECT 1 FROM seen)
                 ON CONFLICT (key) DO UPDATE SET seq = c.seq + 1
                 RETURNING seq)
               INSERT INTO realtime_messages (key, seq, type, data, once_key)
               SELECT $1, seq, $2, $3::jsonb, $4 FROM next RETURNING seq`,
        values: [key, type, JSON.stringify(data ?? null), onceKey ?? null],
      }));
    } catch (error) {
      // Two deliveries of one event at the same moment: the unique index keeps one.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && onceKey) return null;
      throw error;
    }
    if (rows.length === 0) return null;
    const seq = Number(rows[0]!.seq);
    // Trim now and then rather than on every message: a bounded amount is kept.
    if (seq % 64 === 0) {
      await this.pool.query({
        name: 'realtime-trim',
        text: 'DELETE FROM realtime_messages WHERE key = $1 AND seq <= $2',
        values: [key, seq - this.retain],
      });
    }
    return seq;
  }

  /** One stored message (for a notification too large to carry it). */
  async message(key: string, seq: number): Promise<{ type: string; data: unknown } | null> {
    const { rows } = await this.pool.query<{ type: string; data: unknown }>({
      name: 'realtime-message',
      text: 'SELECT type, data FROM realtime_messages WHERE key = $1 AND seq = $2',
      values: [key, seq],
    });
    return rows[0] ?? null;
  }

  /** The channel's current sequence number (0 before its first message). */
  async currentSeq(key: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>({
      name: 'realtime-current',
      text: 'SELECT seq FROM realtime_channels WHERE key = $1',
      values: [key],
    });
    return rows[0] ? Number(rows[0].seq) : 0;
  }

  /**
   * What a client that last saw `since` missed, in order: the messages, or
   * `resync` when some of them are no longer kept (or `since` is ahead of the
   * channel, as after a database reset).
   */
  async missed(
    key: string,
    since: number,
  ): Promise<
    | { kind: 'replay'; current: number; messages: { seq: number; type: string; data: unknown }[] }
    | { kind: 'resync'; current: number }
  > {
    const current = await this.currentSeq(key);
    if (since > current) return { kind: 'resync', current };
    if (since === current) return { kind: 'replay', current, messages: [] };
    if (current - since > this.retain) return { kind: 'resync', current };
    const { rows } = await this.pool.query<{ seq: string; type: string; data: unknown }>({
      name: 'realtime-missed',
      text: `SELECT seq, type, data FROM realtime_messages
              WHERE key = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      values: [key, since, current],
    });
    const messages = rows.map((r) => ({ seq: Number(r.seq), type: r.type, data: r.data }));
    // A gap means trimmed messages: the client must refetch instead.
    if (messages.length !== current - since || messages[0]?.seq !== since + 1)
      return { kind: 'resync', current };
    return { kind: 'replay', current, messages };
  }

  /** Issues a one-time ticket for a session, valid for `ttlMs`. */
  async issueTicket(
    userId: string,
    sessionId: string,
    ttlMs: number,
  ): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.pool.query({
      name: 'realtime-ticket-prune',
      text: `DELETE FROM realtime_tickets WHERE expires_at < now() - interval '1 minute'`,
    });
    await this.pool.query({
      name: 'realtime-ticket-issue',
      text: 'INSERT INTO realtime_tickets (hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, $4)',
      values: [hashTicket(ticket), userId, sessionId, expiresAt],
    });
    return { ticket, expiresAt };
  }

  /** Uses a ticket up: its session when it was valid and unused, otherwise null. */
  async redeemTicket(ticket: string): Promise<{ userId: string; sessionId: string } | null> {
    if (ticket.length > 100) return null;
    const { rows } = await this.pool.query<{ user_id: string; session_id: string }>({
      name: 'realtime-ticket-redeem',
      text: `DELETE FROM realtime_tickets WHERE hash = $1 AND expires_at > now()
             RETURNING user_id, session_id`,
      values: [hashTicket(ticket)],
    });
    return rows[0] ? { userId: rows[0].user_id, sessionId: rows[0].session_id } : null;
  }
}

const UNIQUE_VIOLATION = '23505';

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');
