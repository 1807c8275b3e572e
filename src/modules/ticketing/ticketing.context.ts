import type { Platform } from '../../platform/platform.js';
import type { CatalogApi } from '../catalog/index.js';
import type { IdentityApi } from '../identity/index.js';
import type { AvailabilityAnnouncer, Holds, LapsedSweeps, SoldOutHints } from './hot-path.js';
import type { PaymentProviders } from './payments.js';
import type { TicketSigner } from './ticket-codes.js';

export type { EventForSale, TicketTypeForSale } from '../catalog/index.js';

/** The modules ticketing calls: the catalogue's sales API and identity's contacts and teams. */
export interface TicketingDeps {
  catalog: CatalogApi;
  identity: IdentityApi;
}

/** What every ticketing use case works with. */
export interface TicketingContext extends TicketingDeps {
  platform: Platform;
  signer: TicketSigner;
  /** How orders are paid and refunds given back, per payment method. */
  payments: PaymentProviders;
  settings: Platform['config']['ticketing'];
  holds: Holds;
  sweeps: LapsedSweeps;
  announcer: AvailabilityAnnouncer;
  soldOut: SoldOutHints;
}
