import { ROLES } from '@keten/contracts';
import { describe, expect, it } from 'vitest';
import { activeNavHref, NAV_ITEMS, navItemsFor } from './navigation';

describe('navigation', () => {
  it('gives every role Home and only ADMIN the administration pages', () => {
    for (const role of ROLES) {
      const hrefs = navItemsFor(role).map((item) => item.href);
      expect(hrefs).toContain('/');
      expect(hrefs.includes('/operators')).toBe(role === 'ADMIN');
      expect(hrefs.includes('/audit')).toBe(role === 'ADMIN');
    }
  });

  it('shows NOC the operations pages and the rollouts it watches, but not content or support', () => {
    const hrefs = navItemsFor('NOC').map((item) => item.href);
    expect(hrefs).toEqual(['/', '/qoe', '/alerts', '/edges/steering', '/feeds', '/jobs', '/rollouts']);
  });

  it('lets ADMIN open every page', () => {
    expect(navItemsFor('ADMIN')).toHaveLength(NAV_ITEMS.length);
  });

  it('has unique hrefs', () => {
    expect(new Set(NAV_ITEMS.map((item) => item.href)).size).toBe(NAV_ITEMS.length);
  });

  it('highlights the section a nested path belongs to', () => {
    expect(activeNavHref('/', 'ADMIN')).toBe('/');
    expect(activeNavHref('/audit', 'ADMIN')).toBe('/audit');
    expect(activeNavHref('/channels/42', 'CONTENT')).toBe('/channels');
    expect(activeNavHref('/nowhere', 'ADMIN')).toBeUndefined();
  });

  it('highlights Feeds on a channel’s health page for a role that cannot see Channels', () => {
    expect(activeNavHref('/channels/42/health', 'NOC')).toBe('/feeds');
    expect(activeNavHref('/channels/42/health', 'CONTENT')).toBe('/channels');
    expect(activeNavHref('/channels/42/health', 'ADMIN')).toBe('/channels');
    // Neither Channels nor Feeds in their sidebar: nothing is highlighted rather than a hidden item.
    expect(activeNavHref('/channels/42/health', 'SUPPORT')).toBeUndefined();
    // Only the health page is reached from Feeds; the channel editor is not the NOC's.
    expect(activeNavHref('/channels/42', 'NOC')).toBeUndefined();
    expect(activeNavHref('/channels/42/health/extra', 'NOC')).toBeUndefined();
  });
});
