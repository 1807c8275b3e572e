import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/database.js';
import { outboxEvents } from './outbox.tables.js';

/** A fact that happened, named `<module>.<entity>.<past-tense verb>`, with ids and minimal facts. */
export interface DomainEvent<P extends object = Record<string, unknown>> {
  name: string;
  payload: P;
}

/** An event as delivered to subscribers, with its outbox id and time. */
export interface DeliveredEvent<P extends object = Record<string, unknown>> extends DomainEvent<P> {
  id: number;
  occurredAt: Date;
}

export const OUTBOX_CHANNEL = 'marquee_outbox';

/**
 * Records `event` in the outbox inside the caller's open transaction, so it is
 * published if and only if that transaction commits. NOTIFY is transactional
 * too: relays are woken at commit, never before.
 */
export async function addEvent(tx: Tx, event: DomainEvent<object>): Promise<void> {
  await addEvents(tx, [event]);
}

/**
 * addEvent for several events in one statement (insert and NOTIFY in one
 * round trip): hot transactions, such as seat holds, write events while they
 * hold row locks.
 */
export async function addEvents(tx: Tx, events: DomainEvent<object>[]): Promise<void> {
  if (!(tx instanceof PgTransaction)) {
    throw new TypeError(
      'addEvent needs an open transaction: call it inside database.transaction()',
    );
  }
  if (events.length === 0) return;
  const rows = sql.join(
    events.map((e) => sql`(${e.name}, ${JSON.stringify(e.payload)}::jsonb)`),
    sql`, `,
  );
  await tx.execute(sql`
    WITH written AS (
      INSERT INTO ${outboxEvents} (name, payload) VALUES ${rows} RETURNING id)
    SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM written LIMIT 1`);
}

/**
 * SQL text recording one event per row of `source` and waking the relays,
 * for a statement that writes its change and its event in one round trip (as
 * a data-modifying CTE: `announced AS (${outboxInsertSql(...)})`). `name` and
 * `payload` are SQL expressions, normally parameters; the event exists only
 * if the statement's transaction commits, as with addEvent.
 */
export function outboxInsertSql(source: string, name: string, payload: string): string {
  return `INSERT INTO outbox_events (name, payload) SELECT ${name}, (${payload})::jsonb FROM ${source}
    RETURNING pg_notify('${OUTBOX_CHANNEL}', '')`;
}

export const outbox = { add: addEvent, addMany: addEvents };
