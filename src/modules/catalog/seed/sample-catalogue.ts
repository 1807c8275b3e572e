/** Cities of the sample catalogue, with their venues' coordinates. */
export const SAMPLE_CITIES = {
  athens: { city: 'Athens', country: 'GR', lat: 37.9838, lng: 23.7275, tz: 'Europe/Athens' },
  thessaloniki: {
    city: 'Thessaloniki',
    country: 'GR',
    lat: 40.6401,
    lng: 22.9444,
    tz: 'Europe/Athens',
  },
  heraklion: { city: 'Heraklion', country: 'GR', lat: 35.3387, lng: 25.1442, tz: 'Europe/Athens' },
  patras: { city: 'Patras', country: 'GR', lat: 38.2466, lng: 21.7346, tz: 'Europe/Athens' },
  berlin: { city: 'Berlin', country: 'DE', lat: 52.52, lng: 13.405, tz: 'Europe/Berlin' },
  london: { city: 'London', country: 'GB', lat: 51.5072, lng: -0.1276, tz: 'Europe/London' },
  paris: { city: 'Paris', country: 'FR', lat: 48.8566, lng: 2.3522, tz: 'Europe/Paris' },
  barcelona: { city: 'Barcelona', country: 'ES', lat: 41.3874, lng: 2.1686, tz: 'Europe/Madrid' },
  lisbon: { city: 'Lisbon', country: 'PT', lat: 38.7223, lng: -9.1393, tz: 'Europe/Lisbon' },
  amsterdam: {
    city: 'Amsterdam',
    country: 'NL',
    lat: 52.3676,
    lng: 4.9041,
    tz: 'Europe/Amsterdam',
  },
} as const;

export type SampleCity = keyof typeof SAMPLE_CITIES;

/** [name, price in cents, capacity] */
export type Tickets = [string, number, number][];

export interface SampleEvent {
  title: string;
  category: string;
  description: string;
  tags: string[];
  /** Where and when: city, venue, days from today, local hour, hours long. */
  shows: [SampleCity, string, number, number, number][];
  tickets: Tickets;
}

/** One ticket type, or general admission beside a VIP tier. */
export const ga = (price: number, capacity: number): Tickets => [
  ['General admission', price, capacity],
];
export const gaVip = (price: number, vip: number, capacity: number): Tickets => [
  ['General admission', price, capacity],
  ['VIP', vip, Math.max(20, Math.round(capacity / 10))],
];
