import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestHash } from '../../platform/http/idempotency.js';
import { createTicketCode, loadTicketSigner, verifyTicketCode } from './ticket-codes.js';
import {
  assignAttendeeTypes,
  availabilityStatus,
  canAttendeeCancel,
  cancellationDeadline,
  checkReservationItems,
  checkUserLimit,
  orderNumber,
  orderTotal,
  refundAmount,
  ticketRefundAmount,
  type SaleEvent,
} from './ticketing.rules.js';

const now = new Date('2030-01-10T12:00:00Z');
const type = (id: number, extra: Partial<SaleEvent['ticketTypes'][number]> = {}) => ({
  id,
  name: `T${id}`,
  priceMinor: 1000,
  currency: 'EUR',
  salesStart: null,
  salesEnd: null,
  minPerOrder: 1,
  maxPerOrder: 4,
  ...extra,
});
const event = (extra: Partial<SaleEvent> = {}): SaleEvent => ({
  id: 7,
  status: 'published',
  lastEndsAt: new Date('2030-02-01T00:00:00Z'),
  ticketTypes: [type(2), type(1)],
  ...extra,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'none';
};

describe('reservation rules', () => {
  it('returns items in ticket type order so locks are always taken in one order', () => {
    const items = checkReservationItems(
      event(),
      [
        { ticketTypeId: 2, quantity: 1 },
        { ticketTypeId: 1, quantity: 2 },
      ],
      now,
    );
    expect(items.map((i) => i.ticketTypeId)).toEqual([1, 2]);
  });

  it('refuses events not on sale, ended events and closed sales windows', () => {
    const one = [{ ticketTypeId: 1, quantity: 1 }];
    expect(codeOf(() => checkReservationItems(event({ status: 'draft' }), one, now))).toBe(
      'TICKETING.EVENT_NOT_ON_SALE',
    );
    expect(codeOf(() => checkReservationItems(event({ lastEndsAt: now }), one, now))).toBe(
      'TICKETING.SALES_ENDED',
    );
    const later = event({ ticketTypes: [type(1, { salesStart: new Date('2030-01-11') })] });
    expect(codeOf(() => checkReservationItems(later, one, now))).toBe(
      'TICKETING.SALES_NOT_STARTED',
    );
    const over = event({ ticketTypes: [type(1, { salesEnd: now })] });
    expect(codeOf(() => checkReservationItems(over, one, now))).toBe('TICKETING.SALES_ENDED');
  });

  it('enforces min and max per order, unknown and repeated types', () => {
    const e = event({ ticketTypes: [type(1, { minPerOrder: 2, maxPerOrder: 3 })] });
    expect(codeOf(() => checkReservationItems(e, [{ ticketTypeId: 1, quantity: 1 }], now))).toBe(
      'TICKETING.QUANTITY_NOT_ALLOWED',
    );
    expect(codeOf(() => checkReservationItems(e, [{ ticketTypeId: 1, quantity: 4 }], now))).toBe(
      'TICKETING.QUANTITY_NOT_ALLOWED',
    );
    expect(codeOf(() => checkReservationItems(e, [{ ticketTypeId: 1, quantity: 3 }], now))).toBe(
      'none',
    );
    expect(codeOf(() => checkReservationItems(e, [{ ticketTypeId: 9, quantity: 2 }], now))).toBe(
      'REQUEST.INVALID',
    );
    const twice = [
      { ticketTypeId: 1, quantity: 2 },
      { ticketTypeId: 1, quantity: 2 },
    ];
    expect(codeOf(() => checkReservationItems(e, twice, now))).toBe('REQUEST.INVALID');
  });

  it('limits tickets per user per event', () => {
    expect(codeOf(() => checkUserLimit(8, 2, 10))).toBe('none');
    expect(codeOf(() => checkUserLimit(9, 2, 10))).toBe('TICKETING.USER_LIMIT_REACHED');
  });
});

describe('orders, cancellation and refunds', () => {
  it('totals lines in minor units', () => {
    expect(
      orderTotal([
        { unitPriceMinor: 1250, quantity: 2 },
        { unitPriceMinor: 0, quantity: 3 },
      ]),
    ).toBe(2500);
  });

  it('makes readable, distinct order numbers', () => {
    expect(orderNumber(Buffer.from([0, 0, 0, 0, 0]))).toBe('MQ-0000-0000');
    expect(orderNumber(Buffer.from([255, 255, 255, 255, 255]))).toBe('MQ-ZZZZ-ZZZZ');
    const many = new Set(Array.from({ length: 1000 }, () => orderNumber()));
    expect(many.size).toBe(1000);
    for (const n of many) expect(n).toMatch(/^MQ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('lets attendees cancel only before the deadline', () => {
    const deadline = cancellationDeadline(new Date('2030-01-11T12:00:00Z'), 24);
    expect(deadline?.toISOString()).toBe('2030-01-10T12:00:00.000Z');
    expect(canAttendeeCancel(new Date('2030-01-10T11:59:59Z'), deadline)).toBe(true);
    expect(canAttendeeCancel(now, deadline)).toBe(false);
    expect(canAttendeeCancel(now, cancellationDeadline(null, 24))).toBe(true);
  });

  it('refunds only money received', () => {
    expect(refundAmount({ status: 'confirmed', totalMinor: 3000 })).toBe(3000);
    expect(refundAmount({ status: 'confirmed', totalMinor: 0 })).toBe(0);
    expect(refundAmount({ status: 'pending_payment', totalMinor: 3000 })).toBe(0);
    // Tickets refunded one by one are not refunded again with the order.
    expect(refundAmount({ status: 'confirmed', totalMinor: 3000 }, 1000)).toBe(2000);
    expect(refundAmount({ status: 'confirmed', totalMinor: 3000 }, 3000)).toBe(0);
    expect(ticketRefundAmount({ status: 'confirmed', totalMinor: 3000 }, 1500)).toBe(1500);
    expect(ticketRefundAmount({ status: 'confirmed', totalMinor: 0 }, 0)).toBe(0);
  });
});

describe('ticket codes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-codes-'));
  const signer = loadTicketSigner(undefined, dir);

  it('verifies its own codes offline with the public key only', () => {
    const code = createTicketCode(signer, 42);
    expect(verifyTicketCode(signer.publicKey, code)).toMatchObject({ eventId: 42 });
    expect(createTicketCode(signer, 42)).not.toBe(code);
  });

  it('accepts exactly one spelling of a code: any other last character is rejected', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let round = 0; round < 20; round++) {
      const code = createTicketCode(signer, 7);
      const accepted = [...alphabet].filter(
        (c) => verifyTicketCode(signer.publicKey, code.slice(0, -1) + c) !== null,
      );
      expect(accepted).toEqual([code.slice(-1)]);
    }
  });

  it('rejects altered, truncated and foreign-key codes', () => {
    const code = createTicketCode(signer, 42);
    const parts = code.split('.');
    expect(verifyTicketCode(signer.publicKey, ['T1', '43', parts[2], parts[3]].join('.'))).toBe(
      null,
    );
    const serial = parts[2]!;
    const flipped = (serial[0] === 'A' ? 'B' : 'A') + serial.slice(1);
    expect(verifyTicketCode(signer.publicKey, ['T1', '42', flipped, parts[3]].join('.'))).toBe(
      null,
    );
    expect(verifyTicketCode(signer.publicKey, code.slice(0, -2))).toBe(null);
    expect(verifyTicketCode(signer.publicKey, 'nonsense')).toBe(null);
    const other = { ...signer, privateKey: generateKeyPairSync('ed25519').privateKey };
    expect(verifyTicketCode(signer.publicKey, createTicketCode(other, 42))).toBe(null);
  });

  it('keeps the generated key across restarts and accepts a configured key', () => {
    const again = loadTicketSigner(undefined, dir);
    expect(verifyTicketCode(again.publicKey, createTicketCode(signer, 1))).not.toBe(null);
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const configured = loadTicketSigner(pem, dir);
    expect(verifyTicketCode(configured.publicKey, createTicketCode(signer, 1))).toBe(null);
  });
});

describe('idempotency request hash', () => {
  it('ignores key order but not values or paths', () => {
    const a = requestHash('POST', '/v1/x', { a: 1, b: [{ c: 2, d: 3 }] });
    expect(requestHash('post', '/v1/x', { b: [{ d: 3, c: 2 }], a: 1 })).toBe(a);
    expect(requestHash('POST', '/v1/x', { a: 2, b: [{ c: 2, d: 3 }] })).not.toBe(a);
    expect(requestHash('POST', '/v1/y', { a: 1, b: [{ c: 2, d: 3 }] })).not.toBe(a);
  });
});

describe('attendees and their ticket types', () => {
  const items = [
    { ticketTypeId: 3, quantity: 2 },
    { ticketTypeId: 7, quantity: 1 },
  ];
  it('follows line order without names, and the names when every attendee gives one', () => {
    expect(assignAttendeeTypes(items, [{}, {}, {}])).toEqual([3, 3, 7]);
    expect(
      assignAttendeeTypes(items, [{ ticketTypeId: 7 }, { ticketTypeId: 3 }, { ticketTypeId: 3 }]),
    ).toEqual([7, 3, 3]);
  });
  it('refuses partial names, foreign types and counts that do not match, naming each', () => {
    const refused = (() => {
      try {
        assignAttendeeTypes(items, [{ ticketTypeId: 7 }, {}, { ticketTypeId: 9 }]);
      } catch (error) {
        return error as { status: number; code: string; errors: { field: string }[] };
      }
    })();
    expect(refused).toMatchObject({
      status: 422,
      code: 'TICKETING.ATTENDEE_TICKET_TYPES_MISMATCH',
    });
    expect(refused!.errors.map((e) => e.field)).toEqual([
      'body.attendees[1].ticketTypeId',
      'body.attendees[2].ticketTypeId',
      'body.attendees',
    ]);
    expect(() =>
      assignAttendeeTypes(items, [{ ticketTypeId: 7 }, { ticketTypeId: 7 }, { ticketTypeId: 3 }]),
    ).toThrow(/do not match/);
  });
});

describe('availability status', () => {
  it('is sold out with nothing left, low at or under max(5, 10% of capacity), else available', () => {
    const cases: [capacity: number, available: number, status: string][] = [
      [100, 0, 'sold_out'],
      [100, -2, 'sold_out'],
      [100, 10, 'low'],
      [100, 11, 'available'],
      [3, 3, 'low'],
      [1000, 100, 'low'],
      [1000, 101, 'available'],
      [55, 5, 'low'],
      [55, 6, 'available'],
    ];
    for (const [capacity, available, status] of cases)
      expect(availabilityStatus(capacity, available), `${available} of ${capacity}`).toBe(status);
  });
});
