import type { TRole } from '@keten/contracts';

export type TNavGroup = 'Overview' | 'Operations' | 'Content' | 'Support' | 'Product' | 'Administration';

export interface TNavItem {
  label: string;
  href: `/${string}`;
  group: TNavGroup;
  /** Who sees the item and may open the page; the API enforces the same roles on its procedures. */
  roles: readonly TRole[] | 'all';
  /** `planned` pages show a designed "coming in a later release" state. */
  status: 'ready' | 'planned';
  /** One line for the page header and the coming-soon state, in the operator's words. */
  summary: string;
}

/** The console's navigation, defined once: sidebar, page guards and placeholders all read it. */
export const NAV_ITEMS: readonly TNavItem[] = [
  {
    label: 'Home',
    href: '/',
    group: 'Overview',
    roles: 'all',
    status: 'ready',
    summary: 'Your role’s overview.',
  },
  {
    label: 'Live QoE',
    href: '/qoe',
    group: 'Operations',
    roles: ['NOC', 'ADMIN'],
    status: 'ready',
    summary:
      'Video start time, zap time, buffering ratio and failures per box model, firmware, channel and region.',
  },
  {
    label: 'Alerts',
    href: '/alerts',
    group: 'Operations',
    roles: ['NOC', 'ADMIN'],
    status: 'ready',
    summary:
      'Alerts firing now, rules on QoE, ingest and the platform, acknowledgements, mutes, history and webhook deliveries.',
  },
  {
    label: 'Edge steering',
    href: '/edges/steering',
    group: 'Operations',
    roles: ['NOC', 'ADMIN'],
    status: 'ready',
    summary:
      'Which CDN edges are avoided, since when and why, how many boxes were moved off them; return one or avoid one by hand.',
  },
  {
    label: 'Feeds',
    href: '/feeds',
    group: 'Operations',
    roles: ['NOC', 'CONTENT', 'ADMIN'],
    status: 'ready',
    summary:
      'Every channel’s live feed: what is on air, sources down or degraded, last failover, live ingest.',
  },
  {
    label: 'Jobs',
    href: '/jobs',
    group: 'Operations',
    roles: ['NOC', 'CONTENT', 'ADMIN'],
    status: 'ready',
    summary:
      'Transcode, live ingest and probe queues: depths, running jobs with their progress, failures with ffmpeg’s last lines.',
  },
  {
    label: 'Channels',
    href: '/channels',
    group: 'Content',
    roles: ['CONTENT', 'ADMIN'],
    status: 'ready',
    summary: 'Channel numbers, logos, genres and primary and backup feeds.',
  },
  {
    label: 'Schedule',
    href: '/schedule',
    group: 'Content',
    roles: ['CONTENT', 'ADMIN'],
    status: 'ready',
    summary: 'EPG programmes and pop-up channels with their start and end.',
  },
  {
    label: 'Encoding profiles',
    href: '/profiles',
    group: 'Content',
    roles: ['CONTENT', 'ADMIN'],
    status: 'ready',
    summary: 'ABR ladders, checked against the decoders of every box model they reach.',
  },
  {
    label: 'Packages',
    href: '/packages',
    group: 'Content',
    roles: ['CONTENT', 'ADMIN'],
    status: 'ready',
    summary: 'Channel packages and the subscribers entitled to them.',
  },
  {
    label: 'Subscribers',
    href: '/subscribers',
    group: 'Support',
    roles: ['SUPPORT', 'ADMIN'],
    status: 'ready',
    summary: 'Subscribers, their subscriptions and their boxes.',
  },
  {
    label: 'Devices',
    href: '/devices',
    group: 'Support',
    roles: ['SUPPORT', 'PRODUCT', 'ADMIN'],
    status: 'ready',
    summary: 'Set-top boxes: owner, firmware, last seen, activation codes and tokens.',
  },
  {
    label: 'Support lookup',
    href: '/support',
    group: 'Support',
    roles: ['SUPPORT', 'ADMIN'],
    status: 'ready',
    summary:
      'Find a subscriber by name, account number, serial or MAC and see their boxes, sessions and errors.',
  },
  {
    // The NOC watches a wave's QoE read-only (the API lets it read rollouts.*); product managers run them.
    label: 'Rollouts',
    href: '/rollouts',
    group: 'Product',
    roles: ['PRODUCT', 'NOC', 'ADMIN'],
    status: 'ready',
    summary: 'Firmware and flag rollouts in waves, halted when the cohort’s QoE regresses.',
  },
  {
    label: 'Feature flags',
    href: '/flags',
    group: 'Product',
    roles: ['PRODUCT', 'ADMIN'],
    status: 'ready',
    summary:
      'Feature flags and the central configuration per cohort, previewed per box, with every version and its diff.',
  },
  {
    label: 'Firmware',
    href: '/firmware',
    group: 'Product',
    roles: ['PRODUCT', 'ADMIN'],
    status: 'ready',
    summary:
      'Firmware images per box model: download URL, SHA-256, size, release notes and the boxes on each.',
  },
  {
    // Product managers plan firmware and flags against what each box model decodes; content edits it.
    label: 'Box models',
    href: '/profiles/box-models',
    group: 'Product',
    roles: ['PRODUCT', 'ADMIN'],
    status: 'ready',
    summary: 'Each box model’s decoder, its firmware versions and how many boxes run each.',
  },
  {
    label: 'Compatibility matrix',
    href: '/profiles/compatibility',
    group: 'Product',
    roles: ['PRODUCT', 'ADMIN'],
    status: 'ready',
    summary: 'Which box models can play the ladders their packages carry.',
  },
  {
    label: 'Operators',
    href: '/operators',
    group: 'Administration',
    roles: ['ADMIN'],
    status: 'ready',
    summary: 'Operator accounts and their roles.',
  },
  {
    label: 'CDN edges',
    href: '/edges',
    group: 'Administration',
    roles: ['ADMIN'],
    status: 'ready',
    summary: 'The CDN edges that report their request logs, and their tokens.',
  },
  {
    label: 'Audit log',
    href: '/audit',
    group: 'Administration',
    roles: ['ADMIN'],
    status: 'ready',
    summary: 'Every change, who made it, and what it was before and after.',
  },
];

export function canOpen(role: TRole, item: TNavItem): boolean {
  return item.roles === 'all' || item.roles.includes(role);
}

export function navItemsFor(role: TRole): TNavItem[] {
  return NAV_ITEMS.filter((item) => canOpen(role, item));
}

export function findNavItem(href: string): TNavItem | undefined {
  return NAV_ITEMS.find((item) => item.href === href);
}

/** Pages also reached from another section: the NOC opens a channel's feed health from Feeds. */
const ALSO_UNDER: readonly { pattern: RegExp; href: `/${string}` }[] = [
  { pattern: /^\/channels\/[^/]+\/health$/, href: '/feeds' },
];

/**
 * The sidebar item a pathname belongs to, among those the role sees: the longest matching prefix, else the
 * section the page is also reached from (a channel's health is under Feeds for a role without Channels).
 */
export function activeNavHref(pathname: string, role: TRole): string | undefined {
  const visible = navItemsFor(role);
  const matches = visible.filter(
    (item) => pathname === item.href || (item.href !== '/' && pathname.startsWith(`${item.href}/`)),
  );
  const best = matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
  if (best) return best;
  const also = ALSO_UNDER.find((entry) => entry.pattern.test(pathname));
  return visible.find((item) => item.href === also?.href)?.href;
}
