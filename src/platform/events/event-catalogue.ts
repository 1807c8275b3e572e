import { Compile } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';
import type { Tx } from '../db/database.js';
import { addEvent, addEvents } from './outbox.js';

/** Every declared event's payload schema, by event name (filled as modules load). */
const declared = new Map<
  string,
  { check(value: unknown): boolean; errors(value: unknown): unknown }
>();

/**
 * Declares a module's domain events: names mapped to TypeBox payload schemas.
 * The result emits into the caller's transaction with the payload typed by
 * name; the relay checks delivered payloads against these schemas in tests.
 */
export function defineEvents<const S extends Record<string, TSchema>>(schemas: S) {
  for (const [name, schema] of Object.entries(schemas)) {
    if (declared.has(name)) throw new Error(`domain event "${name}" is declared twice`);
    const compiled = Compile(schema);
    declared.set(name, {
      check: (value) => compiled.Check(value),
      errors: (value) => [...compiled.Errors(value)].slice(0, 5),
    });
  }
  return {
    schemas,
    /** Records one event in the caller's transaction. */
    emit<N extends keyof S & string>(tx: Tx, name: N, payload: Static<S[N]>): Promise<void> {
      return addEvent(tx, { name, payload: payload as object });
    },
    /** Records several events of one name in one statement. */
    emitMany<N extends keyof S & string>(tx: Tx, name: N, payloads: Static<S[N]>[]): Promise<void> {
      return addEvents(
        tx,
        payloads.map((payload) => ({ name, payload: payload as object })),
      );
    },
  };
}

export type EventPayload<
  E extends { schemas: Record<string, TSchema> },
  N extends keyof E['schemas'],
> = Static<E['schemas'][N]>;

/**
 * Why an event does not match its declaration: undefined when it does. An
 * undeclared name is a mismatch too (every event a module emits is declared).
 */
export function payloadMismatch(name: string, payload: unknown): string | undefined {
  const schema = declared.get(name);
  if (!schema) return `event "${name}" is not declared by any module`;
  if (schema.check(payload)) return undefined;
  return `payload of "${name}" does not match its schema: ${JSON.stringify(schema.errors(payload))}`;
}

/** The names of every declared event. */
export const declaredEventNames = (): string[] => [...declared.keys()];
