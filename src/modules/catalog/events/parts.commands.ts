import type { Tx } from '../../../platform/db/database.js';
import type { Principal } from '../../../platform/http/principal.js';
import { mutateEvent, type PreconditionCheck } from './events.service.js';
import {
  deleteOccurrence,
  deleteTicketType,
  insertOccurrence,
  insertTicketType,
  updateOccurrence,
  updateTicketType,
} from './parts.service.js';
import type { CatalogContext } from '../catalog.context.js';

/**
 * A use case editing one part of event `id` in the event's own transaction,
 * honouring the caller's If-Match; it answers the event as it now is.
 */
const partEdit =
  <A extends unknown[]>(work: (tx: Tx, id: number, ...args: A) => Promise<unknown>) =>
  (
    ctx: CatalogContext,
    principal: Principal | null,
    id: number,
    ifMatch: PreconditionCheck,
    ...args: A
  ) =>
    mutateEvent(ctx, principal, id, ifMatch, async (tx) => {
      const changed = await work(tx, id, ...args);
      return typeof changed === 'boolean' ? changed : undefined;
    });

/**
 * The organizer's edits of an event's occurrences and ticket types, addressed
 * by their stable ids. A published event keeps at least one of each (checked
 * after the delete); a ticket type's capacity never goes below what is sold.
 */
export const partCommands = {
  addOccurrence: partEdit((tx, id, input: Parameters<typeof insertOccurrence>[2]) =>
    insertOccurrence(tx, id, input, 'body'),
  ),
  changeOccurrence: partEdit(
    (tx, id, occurrenceId: number, patch: Parameters<typeof updateOccurrence>[3]) =>
      updateOccurrence(tx, id, occurrenceId, patch, 'body'),
  ),
  removeOccurrence: partEdit(deleteOccurrence),
  addTicketType: partEdit((tx, id, input: Parameters<typeof insertTicketType>[2]) =>
    insertTicketType(tx, id, input, 'body'),
  ),
  changeTicketType: partEdit(
    (tx, id, ticketTypeId: number, patch: Parameters<typeof updateTicketType>[3]) =>
      updateTicketType(tx, id, ticketTypeId, patch, 'body'),
  ),
  removeTicketType: partEdit(deleteTicketType),
};
