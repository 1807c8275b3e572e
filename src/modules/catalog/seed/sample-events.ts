import { SAMPLE_EVENTS_1 } from './sample-events-1.js';
import { SAMPLE_EVENTS_2 } from './sample-events-2.js';
import type { SampleEvent } from './sample-catalogue.js';

export { SAMPLE_CITIES, type SampleCity, type SampleEvent } from './sample-catalogue.js';

/** The sample catalogue: written for Marquee, dates relative to the day it is seeded. */
export const SAMPLE_EVENTS: SampleEvent[] = [...SAMPLE_EVENTS_1, ...SAMPLE_EVENTS_2];

/** Presets for organizers (seed 004's "available events"). */
export const SAMPLE_TEMPLATES = [
  {
    name: 'Club concert',
    category: 'concert',
    title: '',
    description: 'A live concert in a club venue.',
    tags: ['live'],
    defaultDurationMinutes: 180,
    ticketTypes: [{ name: 'General admission', priceMinor: 2000, currency: 'EUR', capacity: 400 }],
  },
  {
    name: 'Half-day workshop',
    category: 'workshop',
    title: '',
    description: 'A hands-on workshop with a small group.',
    tags: ['hands-on'],
    defaultDurationMinutes: 240,
    ticketTypes: [
      { name: 'Seat', priceMinor: 4500, currency: 'EUR', capacity: 15, maxPerOrder: 2 },
    ],
  },
  {
    name: 'One-day conference',
    category: 'conference',
    title: '',
    description: 'Talks, breaks and networking over one day.',
    tags: ['networking'],
    defaultDurationMinutes: 480,
    ticketTypes: [
      { name: 'Early bird', priceMinor: 9900, currency: 'EUR', capacity: 100 },
      { name: 'Regular', priceMinor: 14900, currency: 'EUR', capacity: 300 },
    ],
  },
  {
    name: 'Stand-up comedy night',
    category: 'comedy',
    title: 'Comedy night',
    description: 'A mixed bill of stand-up comedians.',
    tags: ['stand-up'],
    defaultDurationMinutes: 120,
    ticketTypes: [{ name: 'General admission', priceMinor: 1500, currency: 'EUR', capacity: 120 }],
  },
];
