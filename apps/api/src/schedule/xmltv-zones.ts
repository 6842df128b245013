/**
 * Time zone names an XMLTV time may end in ("20010829000500 BST"), as minutes east of UTC. The DTD allows a
 * name but lists none; these are the abbreviations feeds and the XMLTV project's own files use. Each name
 * stands for one fixed offset: the summer-time names (BST, CEST, EDT…) are separate entries, as in the files.
 * Where a name means several offsets in the world, the one European and North American feeds mean is listed
 * (BST is British Summer Time, CST and PST are North American, AST is Atlantic).
 */
export const XMLTV_ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  MEZ: 60,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  WAT: 60,
  CAT: 120,
  SAST: 120,
  EAT: 180,
  NST: -210,
  NDT: -150,
  AST: -240,
  ADT: -180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Names too ambiguous to guess: refused with what they could mean, so the feed's author writes an offset. */
export const AMBIGUOUS_XMLTV_ZONES: Readonly<Record<string, string>> = {
  IST: 'India +0530, Ireland +0100 or Israel +0200',
};
