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
type Tickets = [string, number, number][];

export interface SampleEvent {
  title: string;
  category: string;
  description: string;
  tags: string[];
  /** Where and when: city, venue, days from today, local hour, hours long. */
  shows: [SampleCity, string, number, number, number][];
  tickets: Tickets;
}

const ga = (price: number, capacity: number): Tickets => [['General admission', price, capacity]];
const gaVip = (price: number, vip: number, capacity: number): Tickets => [
  ['General admission', price, capacity],
  ['VIP', vip, Math.max(20, Math.round(capacity / 10))],
];

/** The sample catalogue: written for Marquee, dates relative to the day it is seeded. */
export const SAMPLE_EVENTS: SampleEvent[] = [
  {
    title: 'Harbour Lights: An Evening of Rebetiko',
    category: 'concert',
    description:
      'A six-piece band plays the songs of the Piraeus tavernas, from the 1930s to today, under the open sky.',
    tags: ['live', 'traditional', 'greek-music'],
    shows: [
      ['athens', 'Technopolis Gazi', 12, 21, 3],
      ['thessaloniki', 'Mylos Club', 19, 21, 3],
    ],
    tickets: gaVip(2500, 5000, 800),
  },
  {
    title: 'Northern Skies Symphony Concert',
    category: 'concert',
    description: 'The city orchestra performs Sibelius and Grieg with a guest violinist.',
    tags: ['classical', 'orchestra'],
    shows: [['berlin', 'Konzerthaus', 20, 20, 2]],
    tickets: [
      ['Stalls', 6500, 600],
      ['Balcony', 3900, 400],
    ],
  },
  {
    title: 'Neon Tide Live',
    category: 'concert',
    description:
      'Synth-pop trio Neon Tide bring their new album on tour, with light shows and support from local acts.',
    tags: ['pop', 'electronic', 'live'],
    shows: [
      ['london', 'Roundhouse', 8, 20, 3],
      ['amsterdam', 'Paradiso', 11, 20, 3],
      ['paris', 'La Cigale', 14, 20, 3],
    ],
    tickets: gaVip(3800, 9000, 1500),
  },
  {
    title: 'Jazz on the Rooftop',
    category: 'concert',
    description:
      'A quartet plays standards and originals at sunset; drinks included in the VIP ticket.',
    tags: ['jazz', 'rooftop', 'live'],
    shows: [['lisbon', 'Topo Chiado', 5, 19, 2]],
    tickets: gaVip(1800, 4500, 150),
  },
  {
    title: 'Fado Nights at the Old Quarter',
    category: 'concert',
    description: 'Three fadistas, two guitars, one intimate room in Alfama.',
    tags: ['fado', 'traditional', 'live'],
    shows: [
      ['lisbon', 'Casa de Linhares', 9, 21, 2],
      ['lisbon', 'Casa de Linhares', 16, 21, 2],
    ],
    tickets: ga(2200, 80),
  },
  {
    title: 'Cretan Lyra Gathering',
    category: 'concert',
    description:
      'Masters and young players of the Cretan lyra share the stage for a night of music and dance.',
    tags: ['traditional', 'greek-music', 'dance'],
    shows: [['heraklion', 'Nikos Kazantzakis Open Theatre', 25, 21, 4]],
    tickets: ga(1500, 1200),
  },
  {
    title: 'Indie Garage Showcase',
    category: 'concert',
    description: 'Five new bands, fifteen minutes each, one audience vote.',
    tags: ['indie', 'rock', 'new-talent'],
    shows: [['patras', 'Royal Theatre Patras', 3, 20, 4]],
    tickets: ga(800, 300),
  },
  {
    title: 'A Doll\u2019s House, Revisited',
    category: 'theater',
    description:
      'Ibsen\u2019s classic set in a present-day apartment, performed in English with Greek surtitles.',
    tags: ['drama', 'classic'],
    shows: [
      ['athens', 'Onassis Stegi', 6, 20, 2],
      ['athens', 'Onassis Stegi', 7, 20, 2],
      ['athens', 'Onassis Stegi', 13, 20, 2],
    ],
    tickets: [
      ['Standard', 2000, 400],
      ['Student', 1000, 100],
    ],
  },
  {
    title: 'Antigone Under the Stars',
    category: 'theater',
    description: 'Sophocles in the ancient way: masks, chorus and an open-air stage.',
    tags: ['ancient-drama', 'open-air', 'classic'],
    shows: [['athens', 'Odeon of Herodes Atticus', 30, 21, 2]],
    tickets: [
      ['Zone A', 4500, 1000],
      ['Zone B', 2500, 2000],
      ['Upper tier', 1500, 1800],
    ],
  },
  {
    title: 'The Little Prince: A Musical for Families',
    category: 'theater',
    description: 'Songs, puppets and a very small planet. For ages five and up.',
    tags: ['family', 'musical', 'kids'],
    shows: [
      ['thessaloniki', 'Society for Macedonian Studies Theatre', 4, 11, 2],
      ['thessaloniki', 'Society for Macedonian Studies Theatre', 11, 11, 2],
    ],
    tickets: [
      ['Adult', 1400, 500],
      ['Child', 900, 300],
    ],
  },
  {
    title: 'Midnight at the Cabaret',
    category: 'theater',
    description: 'A Weimar-era revue with live band, sequins and sharp satire.',
    tags: ['cabaret', 'musical', 'nightlife'],
    shows: [['berlin', 'Tipi am Kanzleramt', 10, 22, 2]],
    tickets: gaVip(3500, 7000, 500),
  },
  {
    title: 'Hamlet in One Room',
    category: 'theater',
    description: 'Four actors play every part in a 90-minute Hamlet staged in the round.',
    tags: ['shakespeare', 'drama'],
    shows: [['london', 'The Yard Theatre', 17, 19, 2]],
    tickets: ga(2800, 120),
  },
  {
    title: 'City Derby: Blue vs Red',
    category: 'sports',
    description:
      'The season\u2019s most anticipated football derby. Gates open two hours before kick-off.',
    tags: ['football', 'derby'],
    shows: [['thessaloniki', 'Toumba Stadium', 9, 19, 2]],
    tickets: [
      ['Home stand', 2000, 8000],
      ['Away stand', 2000, 2000],
      ['Family zone', 1200, 1500],
    ],
  },
  {
    title: 'Athens Night Run 10K',
    category: 'sports',
    description:
      'A 10 km loop through the lit-up historic centre; medal and T-shirt for every finisher.',
    tags: ['running', 'outdoor', 'charity'],
    shows: [['athens', 'Panathenaic Stadium', 21, 20, 3]],
    tickets: [
      ['Runner', 2500, 3000],
      ['Runner + charity', 4000, 500],
    ],
  },
  {
    title: 'Euro Basketball Cup: Quarter Finals',
    category: 'sports',
    description: 'Two quarter-final games on one ticket.',
    tags: ['basketball', 'tournament'],
    shows: [['berlin', 'Uber Arena', 15, 17, 5]],
    tickets: gaVip(4500, 15000, 9000),
  },
  {
    title: 'Lisbon Surf Open',
    category: 'sports',
    description:
      'Watch the best European surfers on the Atlantic swell; beach village with food stands.',
    tags: ['surf', 'outdoor', 'beach'],
    shows: [['lisbon', 'Carcavelos Beach', 33, 9, 9]],
    tickets: ga(0, 5000),
  },
  {
    title: 'Tennis Legends Exhibition',
    category: 'sports',
    description: 'Former champions play doubles for a children\u2019s hospital.',
    tags: ['tennis', 'charity'],
    shows: [['paris', 'Stade Roland-Garros Court Simonne-Mathieu', 40, 15, 3]],
    tickets: [
      ['Lower bowl', 7500, 3000],
      ['Upper bowl', 3500, 2000],
    ],
  },
  {
    title: 'Sea Breeze Music Festival',
    category: 'festival',
    description:
      'Three days, two stages and a beach: indie, electronic and world music by the sea.',
    tags: ['music-festival', 'beach', 'summer'],
    shows: [
      ['heraklion', 'Amoudara Beach Park', 45, 16, 10],
      ['heraklion', 'Amoudara Beach Park', 46, 16, 10],
      ['heraklion', 'Amoudara Beach Park', 47, 16, 10],
    ],
    tickets: [
      ['Day pass', 4500, 4000],
      ['Three-day pass', 11000, 3000],
      ['Camping add-on', 3000, 800],
    ],
  },
  {
    title: 'Street Food Festival',
    category: 'festival',
    description:
      'Forty food trucks and stalls from around the world, live DJs and a craft beer garden.',
    tags: ['food', 'outdoor', 'family'],
    shows: [
      ['amsterdam', 'NDSM Wharf', 2, 12, 10],
      ['amsterdam', 'NDSM Wharf', 3, 12, 10],
    ],
    tickets: ga(0, 10000),
  },
  {
    title: 'Festival of Lights',
    category: 'festival',
    description: 'Light installations across the old town, with guided evening walks.',
    tags: ['art', 'outdoor', 'winter'],
    shows: [['berlin', 'Museumsinsel', 18, 18, 5]],
    tickets: [
      ['Free entry', 0, 20000],
      ['Guided walk', 1500, 300],
    ],
  },
  {
    title: 'Wine Harvest Celebration',
    category: 'festival',
    description: 'Tastings from thirty local wineries, traditional music and grape stomping.',
    tags: ['wine', 'food', 'traditional'],
    shows: [['patras', 'Achaia Clauss Winery', 27, 17, 6]],
    tickets: [['Tasting pass', 2500, 1500]],
  },
  {
    title: 'Carnival Parade Grandstand',
    category: 'festival',
    description: 'Reserved grandstand seats for the grand carnival parade.',
    tags: ['carnival', 'parade', 'family'],
    shows: [['patras', 'Georgiou I Square', 60, 14, 4]],
    tickets: [['Grandstand seat', 1500, 2000]],
  },
  {
    title: 'Open Source Backend Summit',
    category: 'conference',
    description:
      'Two days of talks on databases, queues and APIs that stay up, from people who run them.',
    tags: ['tech', 'open-source', 'backend'],
    shows: [
      ['amsterdam', 'Beurs van Berlage', 35, 9, 9],
      ['amsterdam', 'Beurs van Berlage', 36, 9, 9],
    ],
    tickets: [
      ['Early bird', 19900, 300],
      ['Regular', 29900, 500],
      ['Student', 4900, 100],
    ],
  },
  {
    title: 'Startup Founders Forum',
    category: 'conference',
    description:
      'Founders and investors on fundraising, hiring and going abroad; evening networking included.',
    tags: ['startups', 'business', 'networking'],
    shows: [['athens', 'Megaron Athens Concert Hall', 23, 10, 8]],
    tickets: [
      ['Attendee', 9000, 600],
      ['Investor', 25000, 80],
    ],
  },
  {
    title: 'Climate & Cities Conference',
    category: 'conference',
    description: 'Urban planners, engineers and mayors on heat, water and transport.',
    tags: ['climate', 'urbanism', 'policy'],
    shows: [['paris', 'Cit\u00e9 des Sciences', 28, 9, 8]],
    tickets: [
      ['Standard', 15000, 800],
      ['Public sector', 7500, 200],
    ],
  },
  {
    title: 'Design Systems Day',
    category: 'conference',
    description: 'Practical talks on building and keeping design systems in product teams.',
    tags: ['design', 'tech', 'ux'],
    shows: [['london', 'Barbican Centre', 42, 9, 8]],
    tickets: ga(22000, 450),
  },
  {
    title: 'Stand-up Night: Lost in Translation',
    category: 'comedy',
    description: 'Five comedians who moved countries tell what went wrong. In English.',
    tags: ['stand-up', 'english'],
    shows: [
      ['berlin', 'Comedy Caf\u00e9 Berlin', 4, 21, 2],
      ['berlin', 'Comedy Caf\u00e9 Berlin', 11, 21, 2],
    ],
    tickets: ga(1400, 90),
  },
  {
    title: 'Improv Battle Royale',
    category: 'comedy',
    description: 'Two improv teams, audience suggestions, no script, one winner.',
    tags: ['improv', 'interactive'],
    shows: [['amsterdam', 'Boom Chicago', 6, 20, 2]],
    tickets: ga(2200, 300),
  },
  {
    title: 'Comedy Under the Acropolis',
    category: 'comedy',
    description: 'The best Greek stand-up comedians in an open-air summer show.',
    tags: ['stand-up', 'open-air', 'greek'],
    shows: [['athens', 'Lycabettus Theatre', 38, 21, 2]],
    tickets: gaVip(1800, 3500, 2500),
  },
  {
    title: 'Late Laughs',
    category: 'comedy',
    description: 'A late-night mixed bill with a surprise headliner.',
    tags: ['stand-up', 'nightlife'],
    shows: [['london', 'The Comedy Store', 1, 23, 2]],
    tickets: ga(1600, 400),
  },
  {
    title: 'Sourdough Baking Workshop',
    category: 'workshop',
    description: 'Feed a starter, shape, score and bake two loaves to take home.',
    tags: ['cooking', 'hands-on', 'food'],
    shows: [
      ['thessaloniki', 'Ladadika Kitchen Lab', 5, 10, 4],
      ['thessaloniki', 'Ladadika Kitchen Lab', 12, 10, 4],
    ],
    tickets: ga(4500, 12),
  },
  {
    title: 'Intro to Pottery Wheel',
    category: 'workshop',
    description: 'A beginner\u2019s evening on the wheel: centring, pulling walls, trimming.',
    tags: ['crafts', 'hands-on', 'art'],
    shows: [['lisbon', 'Atelier do Barro', 7, 18, 3]],
    tickets: ga(5500, 10),
  },
  {
    title: 'Photography Walk: Light and Shadow',
    category: 'workshop',
    description:
      'A guided photo walk with a professional photographer; any camera or phone welcome.',
    tags: ['photography', 'outdoor'],
    shows: [['barcelona', 'Barri G\u00f2tic meeting point', 8, 17, 3]],
    tickets: ga(3000, 15),
  },
  {
    title: 'TypeScript for Backend Developers',
    category: 'workshop',
    description:
      'A full-day, hands-on workshop: types at the edges, schemas, testing against a real database.',
    tags: ['tech', 'programming', 'hands-on'],
    shows: [['berlin', 'Factory Berlin G\u00f6rlitzer Park', 22, 9, 8]],
    tickets: [['Seat', 29000, 30]],
  },
  {
    title: 'Watercolour Landscapes',
    category: 'workshop',
    description: 'Paint the harbour in watercolour; materials provided.',
    tags: ['painting', 'art', 'hands-on'],
    shows: [['heraklion', 'Venetian Harbour Studio', 14, 10, 3]],
    tickets: ga(3500, 14),
  },
  {
    title: 'Modern Greek Art 1950\u20132000',
    category: 'exhibition',
    description:
      'Paintings and sculpture from half a century of modern Greek art, with audio guide.',
    tags: ['art', 'museum', 'greek'],
    shows: [
      ['athens', 'National Gallery', -5, 10, 8],
      ['athens', 'National Gallery', 55, 10, 8],
    ],
    tickets: [
      ['Adult', 1200, 2000],
      ['Reduced', 600, 1000],
    ],
  },
  {
    title: 'Impressions of Light',
    category: 'exhibition',
    description: 'An immersive projection exhibition on the Impressionists.',
    tags: ['immersive', 'art', 'family'],
    shows: [
      ['paris', 'Atelier des Lumi\u00e8res', 2, 10, 9],
      ['paris', 'Atelier des Lumi\u00e8res', 30, 10, 9],
    ],
    tickets: [
      ['Adult', 1700, 3000],
      ['Child', 1100, 1000],
    ],
  },
  {
    title: 'Design of the Everyday',
    category: 'exhibition',
    description: 'Chairs, kettles, posters and typefaces that shaped daily life.',
    tags: ['design', 'museum'],
    shows: [['amsterdam', 'Stedelijk Museum', 10, 10, 8]],
    tickets: ga(2250, 2500),
  },
  {
    title: 'Gaud\u00ed After Dark',
    category: 'exhibition',
    description:
      'An evening visit with a guide through Gaud\u00ed\u2019s architecture and its drawings.',
    tags: ['architecture', 'guided-tour'],
    shows: [
      ['barcelona', 'Casa Batll\u00f3', 3, 20, 2],
      ['barcelona', 'Casa Batll\u00f3', 10, 20, 2],
    ],
    tickets: [['Guided visit', 3900, 60]],
  },
  {
    title: 'Open-Air Cinema: Summer Classics',
    category: 'movie',
    description:
      'A black-and-white classic on the big screen under the stars, with popcorn included.',
    tags: ['cinema', 'open-air', 'classic'],
    shows: [
      ['athens', 'Cine Thissio', 15, 21, 2],
      ['athens', 'Cine Thissio', 22, 21, 2],
    ],
    tickets: ga(1000, 300),
  },
  {
    title: 'Documentary Premiere: The Last Fishermen',
    category: 'movie',
    description: 'Premiere screening followed by a talk with the director.',
    tags: ['documentary', 'premiere', 'q-and-a'],
    shows: [['thessaloniki', 'Olympion Cinema', 16, 19, 3]],
    tickets: ga(900, 700),
  },
  {
    title: 'Animation Shorts Marathon',
    category: 'movie',
    description: 'Twenty short animated films from European studios, for grown-ups and older kids.',
    tags: ['animation', 'shorts', 'family'],
    shows: [['barcelona', 'Filmoteca de Catalunya', 13, 16, 4]],
    tickets: ga(700, 250),
  },
  {
    title: 'Midnight Horror Double Bill',
    category: 'movie',
    description: 'Two cult horror films back to back. Not for the faint-hearted.',
    tags: ['horror', 'cult', 'nightlife'],
    shows: [['london', 'Prince Charles Cinema', 26, 23, 4]],
    tickets: ga(1500, 280),
  },
  {
    title: 'Board Game Caf\u00e9 Night',
    category: 'other',
    description: 'Hundreds of games, friendly hosts teaching rules, snacks included.',
    tags: ['games', 'social'],
    shows: [
      ['patras', 'Meeple House', 2, 19, 4],
      ['patras', 'Meeple House', 9, 19, 4],
    ],
    tickets: ga(600, 60),
  },
  {
    title: 'Sunrise Yoga on the Beach',
    category: 'other',
    description: 'A gentle one-hour flow as the sun comes up; mats provided.',
    tags: ['wellness', 'outdoor', 'beach'],
    shows: [
      ['barcelona', 'Barceloneta Beach', 4, 7, 1],
      ['barcelona', 'Barceloneta Beach', 5, 7, 1],
    ],
    tickets: ga(0, 50),
  },
  {
    title: 'Vintage Market & Swap',
    category: 'other',
    description: 'Clothes, records and furniture from the 60s to the 90s; bring something to swap.',
    tags: ['market', 'vintage', 'family'],
    shows: [['lisbon', 'LX Factory', 1, 11, 7]],
    tickets: ga(0, 3000),
  },
  {
    title: 'Autumn Jazz Weekend (past edition)',
    category: 'concert',
    description: 'Last season\u2019s jazz weekend, kept for the record.',
    tags: ['jazz', 'live'],
    shows: [['thessaloniki', 'Thessaloniki Concert Hall', -20, 20, 3]],
    tickets: ga(2000, 900),
  },
];

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
