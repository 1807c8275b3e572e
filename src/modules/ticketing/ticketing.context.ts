import type { Platform } from '../../platform/platform.js';
import {
  eventChangeMark,
  getEventForSale,
  getEventOccurrences,
  getEventSaleRules,
  inventory,
} from '../catalog/index.js';
import type { HoldEngine } from './holds/hold-engine.js';
import type { PaymentProviders } from './payments.js';
import type { TicketSigner } from './ticket-codes.js';

/** The catalogue operations ticketing needs, through catalog's public door only. */
export const catalogPort = {
  eventChangeMark,
  getEventForSale,
  getEventSaleRules,
  getEventOccurrences,
  inventory,
};
export type CatalogPort = typeof catalogPort;
export type { EventForSale, TicketTypeForSale } from '../catalog/index.js';

/** What every ticketing use case works with. */
export interface TicketingContext {
  platform: Platform;
  catalog: CatalogPort;
  signer: TicketSigner;
  /** How orders are paid and refunds given back, per payment method. */
  payments: PaymentProviders;
  settings: Platform['config']['ticketing'];
  /** Holds seats under a rush (queue, sold-out hints, sweeps, announcements). */
  holds: HoldEngine;
}
