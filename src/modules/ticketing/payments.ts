import { AppError } from '../../platform/http/errors.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

/**
 * How an order gets paid. `free` and `offline` are built in; a card provider
 * implements the same interface (start a payment, later confirm it through its
 * webhook by calling the order confirmation use case) without touching checkout.
 */
export interface PaymentProvider {
  readonly method: string;
  /** Whether this method can pay an order of this total. */
  accepts(totalMinor: number): boolean;
  /** What the order becomes at checkout: paid at once, or waiting for payment until `dueAt`. */
  start(order: { totalMinor: number; currency: string }, now: Date): PaymentStart;
  /**
   * Gives money back through the provider, when it can (`offline` cannot:
   * the organizer pays back by hand and marks the refund completed). Called
   * after the refund was recorded, with its id as the idempotency key; the
   * refund is completed when this resolves.
   */
  refund?(refund: RefundRequest): Promise<{ reference: string }>;
}

export interface RefundRequest {
  refundId: string;
  orderId: string;
  amountMinor: number;
  currency: string;
}

export type PaymentStart =
  { status: 'confirmed' } | { status: 'pending_payment'; dueAt: Date; instructions: string };

export const PAYMENT_METHODS = ['free', 'offline'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type PaymentProviders = Record<PaymentMethod, PaymentProvider>;

/** Builds the provider registry; `offlineHours` is how long an offline order may stay unpaid. */
export function paymentProviders(offlineHours: number): PaymentProviders {
  return {
    free: {
      method: 'free',
      accepts: (total) => total === 0,
      start: () => ({ status: 'confirmed' }),
    },
    offline: {
      method: 'offline',
      accepts: (total) => total > 0,
      start: (_order, now) => ({
        status: 'pending_payment',
        dueAt: new Date(now.getTime() + offlineHours * 3_600_000),
        instructions: 'Pay the organizer; your tickets are issued once they mark the order paid.',
      }),
    },
  };
}

export function paymentMethodRefused(method: string, totalMinor: number): AppError {
  return new AppError(
    TICKETING_ERRORS.paymentMethodNotAllowed,
    422,
    totalMinor === 0
      ? `A free order is checked out with "free", not "${method}".`
      : `An order of ${totalMinor} (minor units) cannot be paid with "${method}".`,
    { paymentMethod: method, totalMinor },
  );
}
