import type { Platform } from '../../platform/platform.js';
import type { CatalogApi } from '../catalog/index.js';
import type { IdentityApi } from '../identity/index.js';
import type { HoldEngine } from './holds/hold-engine.js';
import type { AvailabilityWatchers } from './live/availability-watchers.js';
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
  /** Holds seats under a rush (queue, sold-out hints, sweeps, announcements). */
  holds: HoldEngine;
  /** This process's watchers of live availability (socket channel, SSE) and their coalescer. */
  live: AvailabilityWatchers;
}
