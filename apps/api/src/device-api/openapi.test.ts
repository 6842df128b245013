import { activateSchemaFor, textProblem } from '@keten/contracts';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceOpenApi } from './openapi';

// The Activate schema as the document publishes it, against the zod schema the route parses with.
const specAccepts = new Ajv2020({ strict: true }).compile(deviceOpenApi({}).components.schemas.Activate);
const serverAccepts = (body: Record<string, unknown>) => activateSchemaFor(body).safeParse(body).success;

// Around a value: nothing, spaces and tabs (accepted), and white space either side refuses (line breaks, NBSP).
const pad = fc.constantFrom('', ' ', '\t', ' \t ', '\n', '\r\n', '\u00a0', '\u3000', '\u000b');
const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEFgZ');
const separator = fc.constantFrom('', '', ':', '-', '.', ' ');
const macLike = fc
  .tuple(pad, fc.array(fc.tuple(hexDigit, hexDigit, separator), { minLength: 5, maxLength: 7 }), pad)
  .map(([before, pairs, after]) => `${before}${pairs.map(([a, b, s]) => `${a}${b}${s}`).join('')}${after}`);
const codeLike = fc
  .tuple(pad, fc.stringMatching(/^[A-Za-z0-9]{3,5}-?[A-Za-z0-9_]{3,5}$/), pad)
  .map(([before, code, after]) => `${before}${code}${after}`);
// Serials are free text; zText's rule (no control characters, single line) is stated in the document's description.
const serial = fc
  .oneof(fc.constantFrom('', ' ', '   ', '\t', '\u00a0', 'SN-1', ' SN-1 '), fc.string({ maxLength: 70 }))
  .filter((text) => textProblem(text) === null);

describe('the Activate schema in the OpenAPI document says what the server accepts', () => {
  it('codes: any case, with or without the dash, spaces or tabs around them; nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(codeLike, fc.string({ maxLength: 40 })), (activationCode) => {
        const body = { activationCode };
        expect(specAccepts(body), JSON.stringify(body)).toBe(serverAccepts(body));
      }),
      { numRuns: 2000 },
    );
  });

  it('serial + MAC: upper-case and padded MACs as the server takes them; a blank serial refused by both', () => {
    fc.assert(
      fc.property(serial, fc.oneof(macLike, fc.string({ maxLength: 40 })), (serialText, mac) => {
        const body = { serial: serialText, mac, provisioningSecret: 'factory-secret' };
        expect(specAccepts(body), JSON.stringify(body)).toBe(serverAccepts(body));
      }),
      { numRuns: 2000 },
    );
    // The two findings of issue 14, by name.
    const valid = { serial: 'SN-1', mac: 'a4:2b:8c:01:02:03', provisioningSecret: 'factory-secret' };
    for (const body of [
      { ...valid, mac: ' A4-2B-8C-01-02-03 ' },
      { ...valid, serial: '   ' },
    ]) {
      expect(specAccepts(body), JSON.stringify(body)).toBe(serverAccepts(body));
    }
    expect(serverAccepts({ ...valid, mac: ' A4-2B-8C-01-02-03 ' })).toBe(true);
    expect(serverAccepts({ ...valid, serial: '   ' })).toBe(false);
  });

  it('a body with a code and any serial field is read as serial activation, by both', () => {
    const bodies = fc.record(
      {
        activationCode: fc.oneof(codeLike, fc.constant('ABCD-EF23')),
        serial: fc.oneof(serial, fc.constant(null)),
        mac: fc.oneof(macLike, fc.constant(1)),
        provisioningSecret: fc.constantFrom('factory-secret', ''),
      },
      { requiredKeys: ['activationCode'] },
    );
    fc.assert(
      fc.property(bodies, (body) => {
        expect(specAccepts(body), JSON.stringify(body)).toBe(serverAccepts(body));
      }),
      { numRuns: 2000 },
    );
  });
});
