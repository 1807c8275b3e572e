import { ga, gaVip, type SampleEvent } from './sample-catalogue.js';

/** The sample catalogue, first part. */
export const SAMPLE_EVENTS_1: SampleEvent[] = [
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
];
