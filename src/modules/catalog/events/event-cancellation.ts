import type { Tx } from '../../../platform/db/database.js';
import type { Platform } from '../../../platform/platform.js';

/**
 * Work that must happen in the same transaction as an event's cancellation
 * (ticketing cancels its orders and releases its holds), so that the answer
 * to the cancellation already shows the seats given back. Downstream modules
 * register it; the catalogue knows nothing about them. They still get
 * `catalog.event.cancelled` too, and must find nothing left to do then.
 */
export type EventCancellationStep = (tx: Tx, eventId: number) => Promise<void>;

const steps = new WeakMap<Platform, EventCancellationStep[]>();

/** Registers a step every cancellation of an event on this platform runs in its transaction. */
export function onEventCancelling(platform: Platform, step: EventCancellationStep): void {
  steps.set(platform, [...(steps.get(platform) ?? []), step]);
}

export async function runCancellationSteps(
  platform: Platform,
  tx: Tx,
  eventId: number,
): Promise<void> {
  for (const step of steps.get(platform) ?? []) await step(tx, eventId);
}
