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

  it('shows NOC the operations pages but not content or support', () => {
    const hrefs = navItemsFor('NOC').map((item) => item.href);
    expect(hrefs).toEqual(['/', '/qoe', '/alerts', '/feeds', '/jobs']);
  });

  it('lets ADMIN open every page', () => {
    expect(navItemsFor('ADMIN')).toHaveLength(NAV_ITEMS.length);
  });

  it('has unique hrefs', () => {
    expect(new Set(NAV_ITEMS.map((item) => item.href)).size).toBe(NAV_ITEMS.length);
  });

  it('highlights the section a nested path belongs to', () => {
    expect(activeNavHref('/')).toBe('/');
    expect(activeNavHref('/audit')).toBe('/audit');
    expect(activeNavHref('/channels/42')).toBe('/channels');
    expect(activeNavHref('/nowhere')).toBeUndefined();
  });
});
