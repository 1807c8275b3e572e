import { ga, gaVip, type SampleEvent } from './sample-catalogue.js';

/** The sample catalogue, second part. */
export const SAMPLE_EVENTS_2: SampleEvent[] = [
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
