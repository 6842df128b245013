import { addCalendarDays, amsterdamInstant } from '@keten/contracts';
import type { Prisma } from '../generated/prisma/client';
import { insertInChunks } from './batch';
import type { EpgKind } from './catalogue';
import type { SeedContext } from './context';
import { Random, seedId } from './random';

type Show = {
  title: string;
  /** Possible lengths in minutes (multiples of 5 keep the grid tidy). */
  minutes: number[];
  category: string;
  description: string;
  series?: boolean;
  age?: string;
};

type Anchor = { at: number; show: Show };
type Pool = { day: Show[]; night: Show[]; anchors?: Anchor[] };

const show = (
  title: string,
  minutes: number[],
  category: string,
  description: string,
  extra: Partial<Show> = {},
): Show => ({
  title,
  minutes,
  category,
  description,
  ...extra,
});
const hhmm = (hours: number, minutes = 0) => hours * 60 + minutes;

const NACHT = [
  show('Nachtprogramma', [60, 90, 120], 'Overig', 'Herhalingen van de afgelopen dag.'),
  show('Herhaling: Het Avondprogramma', [45, 60], 'Actualiteiten', 'Gesprekken over het nieuws van de dag.'),
  show('Teleshop', [30, 60], 'Reclame', 'Aanbiedingen voor thuis.'),
];

const journaal = (minutes: number) =>
  show('NOS Journaal', [minutes], 'Nieuws', 'Het laatste nieuws uit binnen- en buitenland.');

const MOVIE_FIRST = [
  'De Laatste',
  'Stille',
  'Verloren',
  'Operatie',
  'Het Geheim van de',
  'De Nacht van de',
  'Koude',
  'Gebroken',
  'Wilde',
  'De Vlucht van de',
];
const MOVIE_SECOND = [
  'Zomer',
  'Wateren',
  'Noordzee',
  'Haven',
  'Grens',
  'Dijk',
  'Verrader',
  'Erfenis',
  'Storm',
  'Eilanden',
  'Brug',
  'Stad',
];
const CLUBS = [
  'Ajax',
  'PSV',
  'Feyenoord',
  'AZ',
  'FC Twente',
  'FC Utrecht',
  'sc Heerenveen',
  'Sparta Rotterdam',
  'NEC',
  'Go Ahead Eagles',
  'Fortuna Sittard',
  'PEC Zwolle',
];

const POOLS: Record<EpgKind, Pool> = {
  npo: {
    day: [
      show('Tijd voor Thuis', [60], 'Amusement', 'Het middagprogramma voor en door kijkers.'),
      show('Binnenland Onderweg', [30, 45], 'Reportage', 'Reportages uit alle hoeken van het land.', {
        series: true,
      }),
      show('De Quizavond', [45, 60], 'Spelprogramma', 'Vier kandidaten strijden om de titel.', {
        series: true,
      }),
      show('Dokters van Morgen', [45], 'Documentaire', 'Een jaar lang in het academisch ziekenhuis.', {
        series: true,
        age: '12',
      }),
      show('Polderverhalen', [30], 'Documentaire', 'Mensen en hun dorp.', { series: true }),
      show('Het Avondprogramma', [45, 60], 'Actualiteiten', 'Gesprekken over het nieuws van de dag.'),
      show('Heel het Land Kookt', [60], 'Amusement', 'Thuiskoks koken voor de jury.', { series: true }),
      show('Stad en Land', [30], 'Reportage', 'Wat er speelt in stad en dorp.', { series: true }),
      show('Drama: De Dijkgraaf', [50, 55], 'Drama', 'Een waterschap in crisis.', {
        series: true,
        age: '12',
      }),
    ],
    night: NACHT,
    anchors: [
      { at: hhmm(7), show: journaal(15) },
      { at: hhmm(13), show: journaal(15) },
      { at: hhmm(18), show: journaal(15) },
      { at: hhmm(20), show: journaal(25) },
      { at: hhmm(22), show: journaal(15) },
    ],
  },
  commercial: {
    day: [
      show(
        'Goedemorgen Nederland',
        [60, 90],
        'Amusement',
        'Het ochtendprogramma met nieuws, weer en gasten.',
      ),
      show('Koffietijd', [60], 'Amusement', 'Talkshow met bekende gasten.'),
      show('Boer, Bakker, Bruiloft', [60], 'Realityserie', 'Drie stellen op weg naar hun grote dag.', {
        series: true,
      }),
      show('Het Verbouwingsteam', [45, 60], 'Lifestyle', 'Een huis wordt in een week verbouwd.', {
        series: true,
      }),
      show('Undercover in de Polder', [45], 'Misdaad', 'Rechercheurs infiltreren in een smokkelbende.', {
        series: true,
        age: '16',
      }),
      show('Lingo Live', [30], 'Spelprogramma', 'Het woordspel met groene ballen.'),
      show('Showtime!', [90], 'Amusement', 'De grootste zaterdagavondshow van het land.'),
      show('Blockbuster: Operatie Noordzee', [120], 'Film', 'Actiefilm over een reddingsoperatie op zee.', {
        age: '12',
      }),
      show('Autowereld', [30], 'Magazine', 'Alles over auto’s en mobiliteit.', { series: true }),
    ],
    night: NACHT,
    anchors: [
      { at: hhmm(19, 30), show: show('RTL Nieuws', [25], 'Nieuws', 'Het nieuws van vandaag.') },
      { at: hhmm(22, 30), show: show('Hart van Nederland Laat', [30], 'Nieuws', 'Nieuws uit de regio’s.') },
    ],
  },
  series: {
    day: [
      show('Grey Street Hospital', [45], 'Serie', 'Artsen in opleiding onder hoogspanning.', {
        series: true,
        age: '12',
      }),
      show('Blue Bloods of Brooklyn', [45], 'Serie', 'Een politiefamilie in New York.', {
        series: true,
        age: '12',
      }),
      show('Het Appartement', [25, 30], 'Komedie', 'Vier vrienden delen één badkamer.', { series: true }),
      show('Crime Scene Rotterdam', [45, 50], 'Misdaad', 'Het forensisch team lost zaken op.', {
        series: true,
        age: '16',
      }),
      show('The Office Hours', [25], 'Komedie', 'Kantoorleven in een papierfabriek.', { series: true }),
      show('Cold Case Files', [45], 'Misdaad', 'Oude zaken, nieuwe sporen.', { series: true, age: '16' }),
    ],
    night: [show('Comedy Nights', [30, 60], 'Komedie', 'Stand-up uit de archieven.', { age: '12' })],
  },
  documentary: {
    day: [
      show('Wild Nederland', [50, 60], 'Natuur', 'De natuur van de Wadden tot de Maas.', { series: true }),
      show('Megabouwwerken', [45, 50], 'Techniek', 'Hoe de grootste bouwwerken ontstaan.', { series: true }),
      show('Luchtvaartrampen Ontrafeld', [45], 'Documentaire', 'Onderzoekers reconstrueren wat misging.', {
        series: true,
        age: '12',
      }),
      show('De Oceaan', [50, 60], 'Natuur', 'Leven in de diepzee.', { series: true }),
      show('Oude Beschavingen', [45, 60], 'Geschiedenis', 'Archeologen op zoek naar antwoorden.', {
        series: true,
      }),
      show('Goudkoorts in Alaska', [45], 'Reality', 'Mijnwerkers tegen de winter.', { series: true }),
    ],
    night: [show('Natuur bij Nacht', [60], 'Natuur', 'Beelden zonder commentaar.')],
  },
  lifestyle: {
    day: [
      show('Koken met Kim', [30], 'Koken', 'Snelle recepten voor doordeweeks.', { series: true }),
      show('Wat Kost een Huis?', [45, 60], 'Wonen', 'Stellen zoeken hun droomhuis.', { series: true }),
      show('Bakken met Passie', [60], 'Koken', 'Thuisbakkers dingen naar de titel.', { series: true }),
      show('Say Yes to the Dress NL', [45], 'Lifestyle', 'Op zoek naar de perfecte trouwjurk.', {
        series: true,
      }),
      show('Foodtruck Festival', [30], 'Koken', 'De beste foodtrucks van het land.', { series: true }),
    ],
    night: [show('Teleshop', [30, 60], 'Reclame', 'Aanbiedingen voor thuis.')],
  },
  regional: {
    day: [
      show('Regionaal Nieuws', [15, 30], 'Nieuws', 'Nieuws uit de provincie.'),
      show('Het Weer in de Regio', [5, 10], 'Weer', 'Het weerbericht voor vandaag en morgen.'),
      show('Onderweg in de Provincie', [30], 'Reportage', 'Verhalen uit dorpen en steden.', { series: true }),
      show('Sport in de Regio', [30], 'Sport', 'Amateurvoetbal en meer.'),
      show('Tekst-tv', [30, 60], 'Overig', 'Nieuws en weer in beeld.'),
      show('Vandaag in de Raad', [60], 'Politiek', 'Uitzending van de gemeenteraadsvergadering.'),
    ],
    night: [
      show('Regionaal Nieuws (herhaling)', [60, 120], 'Nieuws', 'De uitzendingen van vandaag in een lus.'),
    ],
  },
  news: {
    day: [
      show('Nieuws', [15, 30], 'Nieuws', 'Het laatste nieuws, elk kwartier bijgewerkt.'),
      show('Markten Vandaag', [30], 'Economie', 'Beurzen, bedrijven en rentes.'),
      show('Het Debat', [45, 60], 'Politiek', 'Politici in gesprek over de actualiteit.'),
      show('Wereldzaken', [30], 'Actualiteiten', 'Correspondenten over de wereld.'),
      show('Weer', [5], 'Weer', 'Het weer voor de komende dagen.'),
    ],
    night: [show('Nieuws (herhaling)', [30, 60], 'Nieuws', 'Het nieuws van de dag.')],
  },
  kids: {
    day: [
      show('Pim en Pom', [10, 15], 'Kinderen', 'Twee poezen op avontuur.', { series: true, age: 'AL' }),
      show('Brandweerman Bas', [15, 20], 'Kinderen', 'Bas helpt het hele dorp.', { series: true, age: 'AL' }),
      show('De Ruimteschool', [20, 25], 'Kinderen', 'Leren tussen de sterren.', { series: true, age: 'AL' }),
      show('Team Turbo', [20, 25], 'Animatie', 'Raceauto’s die nooit opgeven.', { series: true, age: '6' }),
      show('Het Spookhuis', [25], 'Kinderserie', 'Vier vrienden en een geheimzinnige zolder.', {
        series: true,
        age: '9',
      }),
      show('Klokje Rond', [15], 'Educatief', 'Hoe werkt dat eigenlijk?', { series: true, age: 'AL' }),
    ],
    night: [
      show('Slaap Lekker', [60, 120], 'Kinderen', 'Rustige beelden en muziek voor het slapengaan.', {
        age: 'AL',
      }),
    ],
  },
  sports: {
    day: [
      show('Eredivisie Live', [120], 'Voetbal', 'Live voetbal uit de Eredivisie.'),
      show('Sportcafé', [60], 'Sport', 'Analyse van de speelronde.'),
      show('Tennis: ATP Tour', [90, 120, 150], 'Tennis', 'Live tennis van de ATP Tour.'),
      show('Wielrennen: Klassieker', [120, 180], 'Wielrennen', 'Live van de finale.'),
      show('Darts: Premier League', [150, 180], 'Darts', 'Live darts.'),
      show('Formule 1: Vrije Training', [90], 'Autosport', 'Vrije training van de Grand Prix.'),
      show('Sportjournaal', [15, 30], 'Sport', 'Al het sportnieuws.'),
    ],
    night: [show('Sport Classics', [60, 120], 'Sport', 'Historische wedstrijden.')],
  },
  movies: {
    day: [
      show('Film', [90, 100, 110, 120, 135, 150], 'Film', 'Speelfilm.', { age: '12' }),
      show('Première: Film', [105, 120, 140], 'Film', 'Nieuw op televisie.', { age: '16' }),
      show('Familiefilm', [90, 100], 'Film', 'Voor het hele gezin.', { age: 'AL' }),
    ],
    night: [show('Nachtfilm', [90, 110, 120], 'Film', 'Late speelfilm.', { age: '16' })],
  },
  music: {
    day: [
      show('Non-stop Hits', [60, 120], 'Muziek', 'De grootste hits van nu.'),
      show('Top 40', [60], 'Muziek', 'De hitlijst van deze week.'),
      show('Nederlandstalig', [60], 'Muziek', 'Hits in het Nederlands.'),
      show('Live in Concert', [90], 'Muziek', 'Concertregistratie.'),
      show('Throwback Hits', [60, 120], 'Muziek', 'Hits uit de jaren 80, 90 en 00.'),
    ],
    night: [show('Chill Mix', [120, 180], 'Muziek', 'Rustige muziek voor de nacht.')],
  },
  english: {
    day: [
      show('Breakfast', [120, 180], 'News', 'News, weather and sport to start the day.'),
      show('Homes Under the Hammer', [60], 'Lifestyle', 'Properties bought at auction.', { series: true }),
      show('Antiques Roadshow', [60], 'Factual', 'Experts value treasures.', { series: true }),
      show('The Drama: Harbour Lights', [60], 'Drama', 'A coastal town keeps its secrets.', {
        series: true,
        age: '12',
      }),
      show('Quiz Night', [30], 'Entertainment', 'General knowledge quiz.'),
      show('Natural World', [60], 'Nature', 'Wildlife documentary.', { series: true }),
    ],
    night: [show('Overnight News', [60, 120], 'News', 'International news through the night.')],
    anchors: [
      { at: hhmm(19), show: show('Six O’Clock News', [30], 'News', 'National and international news.') },
      { at: hhmm(23), show: show('Ten O’Clock News', [30], 'News', 'The day’s news.') },
    ],
  },
  german: {
    day: [
      show('Morgenmagazin', [120, 180], 'Nachrichten', 'Nachrichten und Gespräche am Morgen.'),
      show('Sturm der Liebe', [50], 'Serie', 'Telenovela.', { series: true }),
      show('Quizduell', [50], 'Quiz', 'Das Quiz mit dem ganzen Land.'),
      show('Krimi am Abend', [90], 'Krimi', 'Ermittler lösen einen Fall.', { series: true, age: '12' }),
      show('Terra X', [45], 'Dokumentation', 'Geschichte und Natur.', { series: true }),
    ],
    night: [show('Nachtprogramm', [60, 120], 'Sonstiges', 'Wiederholungen.')],
    anchors: [{ at: hhmm(20), show: show('Tagesschau', [15], 'Nachrichten', 'Die Nachrichten des Tages.') }],
  },
  world: {
    day: [
      show('Journal', [30], 'News', 'International news bulletin.'),
      show('Telenovela', [45, 60], 'Drama', 'Daily drama series.', { series: true, age: '12' }),
      show('Talk Show', [60], 'Entertainment', 'Guests and music.'),
      show('Documentary', [45, 60], 'Documentary', 'Culture and travel.'),
      show('Music Hour', [60], 'Music', 'Popular music.'),
      show('Feature Film', [90, 120], 'Film', 'Feature film.', { age: '12' }),
    ],
    night: [show('Replay', [60, 120], 'Other', 'Rebroadcasts.')],
  },
};

const NIGHT_END = hhmm(6);
const DAY_MINUTES = hhmm(24);

function titleFor(kind: EpgKind, base: Show, random: Random): string {
  if (kind === 'movies' && base.category === 'Film')
    return `${random.pick(MOVIE_FIRST)} ${random.pick(MOVIE_SECOND)}`;
  if (base.title === 'Eredivisie Live') {
    const home = random.pick(CLUBS);
    const away = random.pick(CLUBS.filter((club) => club !== home));
    return `Eredivisie: ${home} – ${away}`;
  }
  return base.title;
}

/** One channel's programmes for one Amsterdam calendar day, midnight to midnight, gap-free. */
export function programmesForDay(
  channel: { id: string; slug: string; epg: EpgKind },
  date: string,
): Prisma.ProgrammeCreateManyInput[] {
  const pool = POOLS[channel.epg];
  const random = new Random(`epg:${channel.slug}:${date}`);
  const anchors = pool.anchors ?? [];
  const rows: Prisma.ProgrammeCreateManyInput[] = [];
  let minute = 0;
  let previousEnd = amsterdamInstant(date, 0);
  while (minute < DAY_MINUTES) {
    const anchor = anchors.find((a) => a.at >= minute);
    let current: Show;
    let length: number;
    if (anchor && anchor.at === minute) {
      current = anchor.show;
      length = current.minutes[0] ?? 15;
    } else {
      const shows = minute < NIGHT_END ? pool.night : pool.day;
      current = random.pick(shows);
      // Schedulers avoid the same title twice in a row where the pool allows it.
      if (current.title === rows.at(-1)?.title && shows.length > 1)
        current = random.pick(shows.filter((s) => s !== current));
      length = random.pick(current.minutes);
      if (anchor && minute + length > anchor.at) length = anchor.at - minute;
    }
    length = Math.min(length, DAY_MINUTES - minute);
    // On the spring-forward day an hour of wall clock does not exist: keep the schedule monotonic, drop collapsed slots.
    const startsAt = new Date(Math.max(amsterdamInstant(date, minute).getTime(), previousEnd.getTime()));
    const endsAt = amsterdamInstant(date, minute + length);
    minute += length;
    if (endsAt <= startsAt) continue;
    previousEnd = endsAt;
    const episode = current.series ? random.int(1, 26) : null;
    rows.push({
      id: seedId('programme', `${channel.slug}:${startsAt.toISOString()}`),
      channelId: channel.id,
      startsAt,
      endsAt,
      title: titleFor(channel.epg, current, random),
      description: episode ? `${current.description} Aflevering ${episode}.` : current.description,
      category: current.category,
      seasonNumber: current.series ? random.int(1, 9) : null,
      episodeNumber: episode,
      episodeTitle: null,
      ageRating: current.age ?? null,
    });
  }
  return rows;
}

/** Programmes for every live channel from `daysEachSide` days before today (Amsterdam) to `daysEachSide` days after. */
export async function seedEpg(
  ctx: SeedContext,
  channels: { id: string; slug: string; epg: EpgKind; state?: string }[],
  daysEachSide: number,
): Promise<number> {
  const rows: Prisma.ProgrammeCreateManyInput[] = [];
  for (const channel of channels) {
    if ((channel.state ?? 'LIVE') !== 'LIVE') continue;
    for (let offset = -daysEachSide; offset < daysEachSide; offset++)
      rows.push(...programmesForDay(channel, addCalendarDays(ctx.today, offset)));
  }
  return insertInChunks(
    'programmes',
    rows,
    (data) => ctx.prisma.programme.createMany({ data, skipDuplicates: true }),
    ctx.log,
  );
}
