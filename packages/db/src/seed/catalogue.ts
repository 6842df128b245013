import type { TDecoderCapability } from '@keten/contracts';
import type { AudioCodec, ChannelState, Genre, PackageKind, VideoCodec } from '../generated/prisma/client';

// The demo operator's line-up: a Dutch IPTV service with regional, sports, film, music and international channels.

export type PackageCode = 'BASIS' | 'SPORT' | 'FILM_SERIES' | 'INTERNATIONAAL';
export type ProfileCode = 'legacy-sd' | 'hd-h264' | 'hd-h264-50' | 'uhd-hevc';
/** Which programme pool the EPG generator draws from. */
export type EpgKind =
  | 'npo'
  | 'commercial'
  | 'series'
  | 'documentary'
  | 'lifestyle'
  | 'regional'
  | 'news'
  | 'kids'
  | 'sports'
  | 'movies'
  | 'music'
  | 'english'
  | 'german'
  | 'world';

export type ChannelSpec = {
  lcn: number;
  name: string;
  genre: Genre;
  language: string;
  packages: PackageCode[];
  profile: ProfileCode;
  epg: EpgKind;
  state?: ChannelState;
  /** Regional broadcasters deliver by SRT contribution links; the rest by multicast from the headend. */
  primary?: 'udp' | 'srt';
};

const B: PackageCode[] = ['BASIS'];
const S: PackageCode[] = ['SPORT'];
const F: PackageCode[] = ['FILM_SERIES'];
const I: PackageCode[] = ['INTERNATIONAAL'];

const ch = (
  lcn: number,
  name: string,
  genre: Genre,
  language: string,
  packages: PackageCode[],
  profile: ProfileCode,
  epg: EpgKind,
  extra: Pick<ChannelSpec, 'state' | 'primary'> = {},
): ChannelSpec => ({ lcn, name, genre, language, packages, profile, epg, ...extra });

// Regional broadcasters: SD contribution over SRT, in the base package.
const regional = (lcn: number, name: string, language = 'nl') =>
  ch(lcn, name, 'REGIONAL', language, B, 'legacy-sd', 'regional', { primary: 'srt' });

export const CHANNELS: ChannelSpec[] = [
  ch(1, 'NPO 1', 'GENERAL', 'nl', B, 'hd-h264', 'npo'),
  ch(2, 'NPO 2', 'GENERAL', 'nl', B, 'hd-h264', 'npo'),
  ch(3, 'NPO 3', 'GENERAL', 'nl', B, 'hd-h264', 'npo'),
  ch(4, 'RTL 4', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(5, 'RTL 5', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(6, 'SBS6', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(7, 'RTL 7', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(8, 'Veronica', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(9, 'Net5', 'SERIES', 'nl', B, 'hd-h264', 'series'),
  ch(10, 'RTL 8', 'GENERAL', 'nl', B, 'hd-h264', 'commercial'),
  ch(11, 'RTL Z', 'NEWS', 'nl', B, 'hd-h264', 'news'),
  ch(12, 'SBS9', 'SERIES', 'nl', B, 'hd-h264', 'series'),
  ch(13, 'Comedy Central', 'SERIES', 'nl', B, 'hd-h264', 'series'),
  ch(14, 'Discovery', 'DOCUMENTARY', 'nl', B, 'hd-h264', 'documentary'),
  ch(15, 'National Geographic', 'DOCUMENTARY', 'nl', B, 'hd-h264', 'documentary'),
  ch(16, 'TLC', 'LIFESTYLE', 'nl', B, 'hd-h264', 'lifestyle'),
  ch(17, '24Kitchen', 'LIFESTYLE', 'nl', B, 'hd-h264', 'lifestyle'),
  ch(18, 'Love Nature', 'DOCUMENTARY', 'nl', B, 'uhd-hevc', 'documentary'),

  regional(30, 'NH'),
  regional(31, 'AT5'),
  regional(32, 'Omroep Brabant'),
  regional(33, 'RTV Utrecht'),
  regional(34, 'Omroep Gelderland'),
  regional(35, 'Omroep West'),
  regional(36, 'Rijnmond'),
  regional(37, 'RTV Oost'),
  regional(38, 'L1'),
  regional(39, 'Omrop Fryslân', 'fy'),
  regional(40, 'RTV Noord'),
  regional(41, 'RTV Drenthe'),
  regional(42, 'Omroep Flevoland'),
  regional(43, 'Omroep Zeeland'),

  ch(50, 'NPO Politiek en Nieuws', 'NEWS', 'nl', B, 'hd-h264', 'news'),
  ch(51, 'CNN International', 'NEWS', 'en', B, 'hd-h264', 'news'),
  ch(52, 'BBC World News', 'NEWS', 'en', B, 'hd-h264', 'news'),
  ch(53, 'Al Jazeera English', 'NEWS', 'en', B, 'hd-h264', 'news'),
  ch(55, 'Bloomberg TV', 'NEWS', 'en', B, 'hd-h264', 'news'),
  ch(56, 'Sky News', 'NEWS', 'en', B, 'hd-h264', 'news', { state: 'DISABLED' }),

  ch(60, 'NPO Zapp', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(61, 'Nickelodeon', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(62, 'Nick Jr.', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(63, 'Disney Channel', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(64, 'Disney Junior', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(65, 'Cartoon Network', 'KIDS', 'nl', B, 'hd-h264', 'kids'),
  ch(66, 'Boomerang', 'KIDS', 'nl', B, 'legacy-sd', 'kids'),

  ch(70, 'ESPN 1', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(71, 'ESPN 2', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(72, 'ESPN 3', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(73, 'ESPN 4', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(74, 'Eurosport 1', 'SPORTS', 'nl', B, 'hd-h264-50', 'sports'),
  ch(75, 'Eurosport 2', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(76, 'Viaplay TV', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(77, 'Extreme Sports Channel', 'SPORTS', 'en', S, 'hd-h264', 'sports'),
  ch(79, 'Keten Sport UHD', 'SPORTS', 'nl', S, 'uhd-hevc', 'sports'),

  ch(80, 'Film1 Premiere', 'MOVIES', 'nl', F, 'hd-h264', 'movies'),
  ch(81, 'Film1 Action', 'MOVIES', 'nl', F, 'hd-h264', 'movies'),
  ch(82, 'Film1 Drama', 'MOVIES', 'nl', F, 'hd-h264', 'movies'),
  ch(83, 'Film1 Family', 'MOVIES', 'nl', F, 'hd-h264', 'movies'),
  ch(84, 'RTL Crime', 'SERIES', 'nl', F, 'hd-h264', 'series'),
  ch(85, 'Universal TV', 'SERIES', 'nl', F, 'hd-h264', 'series'),
  ch(86, 'Keten Cinema UHD', 'MOVIES', 'nl', F, 'uhd-hevc', 'movies'),

  ch(90, 'MTV', 'MUSIC', 'nl', B, 'hd-h264', 'music'),
  ch(91, '538 TV', 'MUSIC', 'nl', B, 'hd-h264', 'music'),
  ch(92, 'Xite', 'MUSIC', 'nl', B, 'hd-h264', 'music'),
  ch(93, 'Stingray Classica', 'MUSIC', 'en', B, 'hd-h264', 'music'),
  ch(94, 'Mezzo', 'MUSIC', 'fr', B, 'hd-h264', 'music'),
  ch(95, 'Sterren NL', 'MUSIC', 'nl', B, 'legacy-sd', 'music'),

  ch(100, 'BBC One', 'GENERAL', 'en', B, 'hd-h264', 'english'),
  ch(101, 'BBC Two', 'GENERAL', 'en', B, 'hd-h264', 'english'),
  ch(102, 'Das Erste', 'GENERAL', 'de', B, 'hd-h264', 'german'),
  ch(103, 'ZDF', 'GENERAL', 'de', B, 'hd-h264', 'german'),
  ch(104, 'VRT 1', 'GENERAL', 'nl', B, 'hd-h264', 'npo'),
  ch(105, 'Canvas', 'GENERAL', 'nl', B, 'hd-h264', 'documentary'),
  ch(106, 'TV5Monde', 'GENERAL', 'fr', I, 'hd-h264', 'world'),
  ch(107, 'Rai 1', 'GENERAL', 'it', I, 'hd-h264', 'world'),
  ch(108, 'TVE Internacional', 'GENERAL', 'es', I, 'legacy-sd', 'world'),
  ch(109, 'TRT Türk', 'GENERAL', 'tr', I, 'hd-h264', 'world'),
  ch(111, '2M Monde', 'GENERAL', 'ar', I, 'legacy-sd', 'world'),
  ch(112, 'Al Jazeera Arabic', 'NEWS', 'ar', I, 'hd-h264', 'news'),
  ch(113, 'TVP Polonia', 'GENERAL', 'pl', I, 'legacy-sd', 'world'),

  ch(120, 'Keten Pop-up Darts', 'SPORTS', 'nl', S, 'hd-h264-50', 'sports'),
  ch(121, 'Kerstkanaal', 'MUSIC', 'nl', B, 'hd-h264', 'music', { state: 'DRAFT' }),
];

/** LCNs of pop-up channels: offered only inside their availability windows. */
export const POP_UP_LCNS = [120, 121];

export type PackageSpec = { code: PackageCode; name: string; kind: PackageKind; description: string };

export const PACKAGES: PackageSpec[] = [
  {
    code: 'BASIS',
    name: 'Basis',
    kind: 'BASE',
    description: 'Publieke en commerciële zenders, regio, nieuws, kids en muziek.',
  },
  {
    code: 'SPORT',
    name: 'Sport',
    kind: 'ADDON',
    description: 'ESPN, Eurosport 2, Viaplay TV en sport in UHD.',
  },
  {
    code: 'FILM_SERIES',
    name: 'Film & Series',
    kind: 'ADDON',
    description: 'Film1, series en films in UHD.',
  },
  {
    code: 'INTERNATIONAAL',
    name: 'Internationaal',
    kind: 'ADDON',
    description: 'Zenders uit Frankrijk, Italië, Spanje, Turkije, Marokko, de Arabische wereld en Polen.',
  },
];

export type RungSpec = {
  codec: VideoCodec;
  profile: string;
  level: string;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
};

export type ProfileVersionSpec = {
  version: number;
  /** Days before the seed's "today" that this version was created. */
  ageDays: number;
  segmentSeconds: number;
  audioCodec: AudioCodec;
  audioBitrateKbps: number;
  audioChannels: number;
  note: string;
  rungs: RungSpec[];
};

export type ProfileSpec = {
  code: ProfileCode;
  name: string;
  description: string;
  versions: ProfileVersionSpec[];
};

type RungArgs = [
  profile: string,
  level: string,
  width: number,
  height: number,
  fps: number,
  bitrateKbps: number,
];
const rung =
  (codec: VideoCodec) =>
  (...[profile, level, width, height, fps, bitrateKbps]: RungArgs): RungSpec => ({
    codec,
    profile,
    level,
    width,
    height,
    fps,
    bitrateKbps,
  });
const h264 = rung('H264');
const hevc = rung('HEVC');

export const PROFILES: ProfileSpec[] = [
  {
    code: 'legacy-sd',
    name: 'Legacy SD/HD-ready',
    description: 'H.264 Main up to 720p for older boxes and SD contribution feeds.',
    versions: [
      {
        version: 1,
        ageDays: 1900,
        segmentSeconds: 6,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
        note: 'Initial SD ladder.',
        rungs: [h264('main', '3.0', 720, 576, 25, 2000), h264('main', '3.0', 640, 360, 25, 900)],
      },
      {
        version: 2,
        ageDays: 420,
        segmentSeconds: 4,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
        note: 'Adds 720p, shorter segments for faster zapping.',
        rungs: [
          h264('main', '3.1', 1280, 720, 25, 3000),
          h264('main', '3.1', 1024, 576, 25, 1800),
          h264('main', '3.0', 640, 360, 25, 800),
        ],
      },
    ],
  },
  {
    code: 'hd-h264',
    name: 'HD H.264',
    description: '1080p25 H.264 High ladder for most channels.',
    versions: [
      {
        version: 1,
        ageDays: 1500,
        segmentSeconds: 6,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
        note: 'Initial HD ladder.',
        rungs: [
          h264('high', '4.0', 1920, 1080, 25, 6000),
          h264('high', '3.1', 1280, 720, 25, 3500),
          h264('main', '3.1', 960, 540, 25, 2000),
          h264('main', '3.0', 640, 360, 25, 800),
        ],
      },
      {
        version: 2,
        ageDays: 300,
        segmentSeconds: 4,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 128,
        audioChannels: 2,
        note: 'Lower bitrates after per-title tuning; 4 s segments.',
        rungs: [
          h264('high', '4.0', 1920, 1080, 25, 5500),
          h264('high', '3.1', 1280, 720, 25, 3000),
          h264('main', '3.1', 960, 540, 25, 1600),
          h264('main', '3.0', 640, 360, 25, 700),
        ],
      },
    ],
  },
  {
    code: 'hd-h264-50',
    name: 'HD H.264 50 fps (sport)',
    description: '1080p50 H.264 High ladder for live sport.',
    versions: [
      {
        version: 1,
        ageDays: 700,
        segmentSeconds: 2,
        audioCodec: 'AAC_LC',
        audioBitrateKbps: 160,
        audioChannels: 2,
        note: '2 s segments for low latency.',
        rungs: [
          h264('high', '4.2', 1920, 1080, 50, 7500),
          h264('high', '3.2', 1280, 720, 50, 4000),
          h264('main', '3.2', 960, 540, 50, 2200),
          h264('main', '3.0', 640, 360, 25, 900),
        ],
      },
    ],
  },
  {
    code: 'uhd-hevc',
    name: 'UHD HEVC',
    description: '2160p50 HEVC Main10 ladder with E-AC-3 5.1 for UHD channels.',
    versions: [
      {
        version: 1,
        ageDays: 500,
        segmentSeconds: 4,
        audioCodec: 'EAC3',
        audioBitrateKbps: 384,
        audioChannels: 6,
        note: 'Initial UHD ladder.',
        rungs: [
          hevc('main10', '5.1', 3840, 2160, 50, 16000),
          hevc('main10', '5.1', 2560, 1440, 50, 9000),
          hevc('main10', '4.1', 1920, 1080, 50, 5000),
          hevc('main', '4.1', 1280, 720, 50, 2500),
        ],
      },
    ],
  },
];

/** share: percent of the model's fleet on this version (the newest Kaon release is mid-rollout). */
export type FirmwareSpec = { version: string; share: number; ageDays: number; notes: string };

/** A seeded box model: its decoder (the shape every ladder is checked against) plus the seed's own fields. */
export type BoxModelSpec = TDecoderCapability & {
  code: string;
  vendor: string;
  name: string;
  serialPrefix: string;
  /** Second octet of the (locally administered) MAC range the seed gives this model. */
  macByte: number;
  appVersion: string;
  /** Oldest first; the last one is current. */
  firmware: FirmwareSpec[];
};

export const BOX_MODELS: BoxModelSpec[] = [
  {
    code: 'arris-vip1113',
    vendor: 'Arris',
    name: 'VIP1113',
    videoCodecs: ['H264'],
    maxH264Profile: 'main',
    maxH264Level: '3.1',
    maxHevcProfile: null,
    maxHevcLevel: null,
    maxWidth: 1280,
    maxHeight: 720,
    maxFps: 30,
    serialPrefix: 'M11',
    macByte: 0x11,
    appVersion: '3.9.7',
    firmware: [
      { version: '2.17.3', share: 10, ageDays: 1300, notes: 'Security fixes.' },
      { version: '2.18.4', share: 25, ageDays: 900, notes: 'Faster EPG load.' },
      { version: '2.19.1', share: 65, ageDays: 400, notes: 'Last planned release for this model.' },
    ],
  },
  {
    code: 'amino-a140',
    vendor: 'Amino',
    name: 'Aminet A140',
    videoCodecs: ['H264'],
    maxH264Profile: 'high',
    maxH264Level: '4.1',
    maxHevcProfile: null,
    maxHevcLevel: null,
    maxWidth: 1920,
    maxHeight: 1080,
    maxFps: 30,
    serialPrefix: 'A14',
    macByte: 0x14,
    appVersion: '4.6.2',
    firmware: [
      { version: '4.3.1', share: 20, ageDays: 800, notes: 'HLS discontinuity handling fixed.' },
      { version: '4.4.0', share: 80, ageDays: 250, notes: 'Lower zap time on multicast.' },
    ],
  },
  {
    code: 'kaon-kstb6077',
    vendor: 'Kaonmedia',
    name: 'KSTB6077',
    videoCodecs: ['H264', 'HEVC'],
    maxH264Profile: 'high',
    maxH264Level: '4.2',
    maxHevcProfile: 'main',
    maxHevcLevel: '4.1',
    maxWidth: 1920,
    maxHeight: 1080,
    maxFps: 60,
    serialPrefix: 'KA6',
    macByte: 0x60,
    appVersion: '5.2.0',
    firmware: [
      { version: '1.8.2', share: 10, ageDays: 600, notes: 'Initial field release.' },
      { version: '1.9.0', share: 80, ageDays: 210, notes: 'Audio description track support.' },
      { version: '2.0.0', share: 10, ageDays: 20, notes: 'New player stack; rolling out in waves.' },
    ],
  },
  {
    code: 'technicolor-uiw4020',
    vendor: 'Technicolor',
    name: 'UIW4020 Android TV',
    videoCodecs: ['H264', 'HEVC'],
    maxH264Profile: 'high',
    maxH264Level: '5.1',
    maxHevcProfile: 'main10',
    maxHevcLevel: '5.1',
    maxWidth: 3840,
    maxHeight: 2160,
    maxFps: 60,
    serialPrefix: 'TC4',
    macByte: 0x40,
    appVersion: '6.1.4',
    firmware: [
      { version: '11.3.1', share: 15, ageDays: 500, notes: 'Android TV 11 base.' },
      { version: '11.4.0', share: 85, ageDays: 120, notes: 'HDR10 tone-mapping fixes.' },
    ],
  },
  {
    code: 'sagemcom-diw387',
    vendor: 'Sagemcom',
    name: 'DIW387 UHD',
    videoCodecs: ['H264', 'HEVC'],
    maxH264Profile: 'high',
    maxH264Level: '5.1',
    maxHevcProfile: 'main10',
    maxHevcLevel: '5.1',
    maxWidth: 3840,
    maxHeight: 2160,
    maxFps: 60,
    serialPrefix: 'SG3',
    macByte: 0x38,
    appVersion: '6.1.4',
    firmware: [
      { version: '5.12.0', share: 5, ageDays: 700, notes: 'Initial field release.' },
      { version: '5.13.2', share: 15, ageDays: 330, notes: 'Wi-Fi stability.' },
      { version: '5.14.0', share: 80, ageDays: 90, notes: 'Faster boot, lower standby power.' },
    ],
  },
  {
    code: 'nokia-sb8000',
    vendor: 'Nokia',
    name: 'Streaming Box 8000',
    videoCodecs: ['H264', 'HEVC'],
    maxH264Profile: 'high',
    maxH264Level: '5.1',
    maxHevcProfile: 'main10',
    maxHevcLevel: '5.1',
    maxWidth: 3840,
    maxHeight: 2160,
    maxFps: 60,
    serialPrefix: 'NK8',
    macByte: 0x80,
    appVersion: '6.2.0',
    firmware: [
      { version: '3.1.0', share: 10, ageDays: 280, notes: 'Initial field release.' },
      { version: '3.2.0', share: 90, ageDays: 60, notes: 'Google TV launcher update.' },
    ],
  },
];

const province = (name: string, weight: number, towns: string) => ({
  name,
  weight,
  // "Rotterdam 30" → ['Rotterdam', 30]: the town and the first two digits of its postcodes.
  towns: towns
    .split(', ')
    .map((town): [string, number] => [town.slice(0, town.lastIndexOf(' ')), Number(town.slice(-2))]),
});

/** Provinces, their share of households, and a few towns with their postcode prefixes. */
export const PROVINCES = [
  province('Zuid-Holland', 38, 'Rotterdam 30, Den Haag 25, Leiden 23, Dordrecht 33, Delft 26, Zoetermeer 27'),
  province('Noord-Holland', 30, 'Amsterdam 10, Haarlem 20, Alkmaar 18, Hilversum 12, Zaandam 15'),
  province('Noord-Brabant', 26, "Eindhoven 56, Tilburg 50, Breda 48, 's-Hertogenbosch 52, Helmond 57"),
  province('Gelderland', 21, 'Arnhem 68, Nijmegen 65, Apeldoorn 73, Ede 67'),
  province('Utrecht', 14, 'Utrecht 35, Amersfoort 38, Veenendaal 39, Nieuwegein 34'),
  province('Overijssel', 12, 'Zwolle 80, Enschede 75, Deventer 74, Almelo 76'),
  province('Limburg', 11, 'Maastricht 62, Venlo 59, Heerlen 64, Roermond 60'),
  province('Friesland', 7, 'Leeuwarden 89, Sneek 86, Heerenveen 84, Drachten 92'),
  province('Groningen', 6, 'Groningen 97, Veendam 96, Delfzijl 99'),
  province('Drenthe', 5, 'Assen 94, Emmen 78, Meppel 79'),
  province('Flevoland', 4, 'Almere 13, Lelystad 82'),
  province('Zeeland', 4, 'Middelburg 43, Goes 44, Terneuzen 45'),
];

const list = (names: string) => names.trim().split(/\s*,\s*/);

export const FIRST_NAMES = list(`
  Jan, Pieter, Kees, Henk, Gerrit, Willem, Johan, Bram, Daan, Sem, Lucas, Finn, Thijs, Ruben, Jesse, Tim, Lars,
  Koen, Bas, Joris, Mark, Sander, Erik, Mohammed, Yusuf, Emre, Rachid, Ricardo, Wouter, Stijn, Maria, Anna, Emma,
  Julia, Sophie, Lotte, Sanne, Anouk, Fleur, Lisa, Eva, Sara, Iris, Femke, Marloes, Ingrid, Wilma, Els, Annemarie,
  Noor, Tess, Zoë, Fatima, Aylin, Naima, Priya, Mila, Yara, Linda, Petra, Hanneke, Mirjam`);

export const LAST_NAMES = list(`
  de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, Mulder,
  de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf,
  van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek,
  de Bruijn, de Bruin, van der Heijden, Schouten, van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas,
  Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Peeters, de Lange, Kuipers, van Wijk, Postma,
  Yilmaz, El Amrani, Kaya, Bouzid, Öztürk, Nguyen, Wijaya, Martens, Groen, Scholten, Post, Vink, Kramer,
  Timmermans, Boersma, Veenstra, Zijlstra, Bosman`);

export const EMAIL_DOMAINS = ['example.nl', 'example.com', 'example.org', 'example.net'];
