import { describe, expect, it } from 'vitest';
import { slugify } from './channels';
import { XMLTV_CHANNEL_ID, XMLTV_ID_DOMAIN, xmltvChannelId } from './xmltv-id';

describe('XMLTV channel ids', () => {
  it('puts every slug under the domain in the form tv_validate_file accepts', () => {
    for (const name of [
      'NPO 1',
      'RTL 4 HD',
      'Ziggo Sport Select',
      'Nickelodeon/Comedy Central',
      'Ĳsselmond TV',
    ]) {
      const id = xmltvChannelId(slugify(name), 'tv.example.net');
      expect(id).toMatch(XMLTV_CHANNEL_ID);
      expect(id.endsWith('.tv.example.net')).toBe(true);
    }
    expect(xmltvChannelId('npo-1')).toBe('npo-1.keten.tv');
  });

  it('tells a domain from something that is not one', () => {
    for (const domain of ['keten.tv', 'tv.example.net', 'localhost']) expect(domain).toMatch(XMLTV_ID_DOMAIN);
    for (const domain of ['', '.tv', 'tv.', 'a..b', 'tv example', 'tv_example.net', '-tv.net'])
      expect(domain).not.toMatch(XMLTV_ID_DOMAIN);
  });
});
