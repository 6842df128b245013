import type { TDeviceTokenPair } from '@keten/contracts';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from './access-token';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  issueCode,
  PROVISIONING_SECRET,
  startDeviceApi,
  TOKEN_SECRET,
} from './device-api.fixtures';
import { mintTokenPair } from './tokens.service';

let api: Awaited<ReturnType<typeof startDeviceApi>>;
beforeAll(async () => {
  api = await startDeviceApi();
}, 60_000);
afterAll(() => api?.stop());

const lineup = (headers: Record<string, string>) =>
  api.app.inject({ method: 'GET', url: '/v1/lineup', headers });
/** The token family an access token was minted in (its `fam` claim). */
const familyOf = (pair: TDeviceTokenPair) => String(decodeJwt(pair.accessToken).fam);
const refresh = (refreshToken: string) =>
  api.app.inject({ method: 'POST', url: '/v1/token/refresh', payload: { refreshToken } });

describe('device activation and tokens', () => {
  it('activates with a code from the console: ACTIVE, code consumed, token works, audit names the box', async () => {
    const device = await assignedDevice(api);
    const pair = await activateThroughConsole(api, device.id);
    expect(pair.device).toMatchObject({ id: device.id, boxModel: device.boxModel.code });
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row).toMatchObject({ status: 'ACTIVE', tokenState: 'ACTIVE', activationCode: null });
    expect((await lineup(bearer(pair))).statusCode).toBe(200);
    const audit = await api.prisma.auditEntry.findFirst({
      where: { entityId: device.id, action: 'device.activate' },
    });
    expect(audit?.actorEmail).toBe(`device:${device.serial}`);
  });

  it('refuses a used or unknown code and a malformed one names the field', async () => {
    const device = await assignedDevice(api, { skip: 1 });
    const code = await issueCode(api, device.id);
    const first = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { activationCode: code },
    });
    expect(first.statusCode).toBe(201);
    const again = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { activationCode: code },
    });
    expect(again.statusCode).toBe(401);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'ACTIVATION_REFUSED', field: 'activationCode', status: 401 });
    const bad = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { activationCode: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'activationCode' });
  });

  it('activates with serial + MAC + provisioning secret, and refuses a wrong secret', async () => {
    const device = await assignedDevice(api, { skip: 2 });
    const body = {
      serial: device.serial,
      mac: device.mac.toUpperCase(),
      provisioningSecret: PROVISIONING_SECRET,
    };
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { ...body, provisioningSecret: `${PROVISIONING_SECRET}x` },
    });
    expect(wrong.json()).toMatchObject({ code: 'ACTIVATION_REFUSED', field: 'provisioningSecret' });
    const ok = await api.app.inject({ method: 'POST', url: '/v1/activate', payload: body });
    expect(ok.statusCode).toBe(201);
    expect((await lineup(bearer(ok.json() as TDeviceTokenPair))).statusCode).toBe(200);
    const badMac = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { ...body, mac: 'nope' },
    });
    expect(badMac.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'mac' });
  });

  it('answers TOKEN_EXPIRED for an expired token and TOKEN_INVALID for a tampered or missing one', async () => {
    const device = await assignedDevice(api, { skip: 3 });
    const pair = await activateThroughConsole(api, device.id);
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: device.id } });
    const claims = {
      deviceId: device.id,
      subscriberId: row.subscriberId ?? '',
      boxModel: device.boxModel.code,
      firmware: null,
      tokenVersion: row.tokenVersion,
      family: familyOf(pair),
    };
    const expired = await signAccessToken(claims, TOKEN_SECRET, new Date(Date.now() - 16 * 60_000));
    const late = await lineup({ authorization: `Bearer ${expired}` });
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
    const [head, payload, signature] = pair.accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        mdl: 'nokia-sb8000',
      }),
    ).toString('base64url');
    const tampered = await lineup({ authorization: `Bearer ${head}.${forged}.${signature}` });
    expect(tampered.json()).toMatchObject({ code: 'TOKEN_INVALID', status: 401 });
    const otherKey = await signAccessToken(claims, 'another-secret-that-is-long-enough-000000');
    expect((await lineup({ authorization: `Bearer ${otherKey}` })).json()).toMatchObject({
      code: 'TOKEN_INVALID',
    });
    expect((await lineup({})).json()).toMatchObject({ code: 'TOKEN_INVALID', field: 'authorization' });
  });

  it('refuses a correctly signed token without an expiry, or one issued longer ago than a token lives', async () => {
    const device = await assignedDevice(api, { skip: 7 });
    const pair = await activateThroughConsole(api, device.id);
    const claims = decodeJwt(pair.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const handSigned = (times: { iat?: number; exp?: number }) =>
      new SignJWT({ ...claims, iat: undefined, exp: undefined, ...times })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(TOKEN_SECRET));
    const call = async (token: string) => lineup({ authorization: `Bearer ${token}` });
    // The same hand-signed claims with a normal lifetime pass, so only the missing or stretched times are refused.
    expect((await call(await handSigned({ iat: now, exp: now + 900 }))).statusCode).toBe(200);
    const noExpiry = await call(await handSigned({ iat: now }));
    expect(noExpiry.statusCode).toBe(401);
    expect(noExpiry.json()).toMatchObject({ code: 'TOKEN_INVALID' });
    expect((await call(await handSigned({ exp: now + 900 }))).statusCode).toBe(401);
    const stretched = await call(await handSigned({ iat: now - 3600, exp: now + 30 * 86_400 }));
    expect(stretched.statusCode).toBe(401);
  });

  it('answers TOKEN_EXPIRED to a token issued before tokens named their family, and its refresh token still works', async () => {
    const device = await assignedDevice(api, { skip: 8 });
    const pair = await activateThroughConsole(api, device.id);
    const { fam: _family, ...claims } = decodeJwt(pair.accessToken);
    // As the API signed access tokens before the upgrade: the same claims, no `fam`.
    const beforeUpgrade = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(TOKEN_SECRET));
    const old = await lineup({ authorization: `Bearer ${beforeUpgrade}` });
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
    // What the reference client (sim/device-client.ts) looks for before it refreshes.
    expect(old.headers['www-authenticate']).toContain('token expired');
    const refreshed = await refresh(pair.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json() as TDeviceTokenPair;
    expect(familyOf(next)).toBe(familyOf(pair));
    expect((await lineup(bearer(next))).statusCode).toBe(200);
    // Still signed by us or nothing: the same claims under another key stay TOKEN_INVALID.
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(`${TOKEN_SECRET}-not-ours`));
    expect((await lineup({ authorization: `Bearer ${foreign}` })).json()).toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it('refuses the next call with DEVICE_REVOKED after support revokes the box in the console', async () => {
    const device = await assignedDevice(api, { skip: 4 });
    const pair = await activateThroughConsole(api, device.id);
    expect((await lineup(bearer(pair))).statusCode).toBe(200);
    const revoked = await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId: device.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(revoked.status).toBe(200);
    const next = await lineup(bearer(pair));
    expect(next.statusCode).toBe(403);
    expect(next.json()).toMatchObject({ code: 'DEVICE_REVOKED' });
    expect((await refresh(pair.refreshToken)).json()).toMatchObject({ code: 'DEVICE_REVOKED' });
    // The factory secret cannot bring a revoked box back; a new code from support can.
    const viaSecret = await api.app.inject({
      method: 'POST',
      url: '/v1/activate',
      payload: { serial: device.serial, mac: device.mac, provisioningSecret: PROVISIONING_SECRET },
    });
    expect(viaSecret.json()).toMatchObject({ code: 'ACTIVATION_REFUSED' });
    const back = await activateThroughConsole(api, device.id);
    expect((await lineup(bearer(back))).statusCode).toBe(200);
  });

  it('rotates refresh tokens, and reuse of a spent one burns the whole family', async () => {
    const device = await assignedDevice(api, { skip: 5 });
    const first = await activateThroughConsole(api, device.id);
    const second = (await refresh(first.refreshToken)).json() as TDeviceTokenPair;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await lineup(bearer(second))).statusCode).toBe(200);
    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'TOKEN_INVALID', field: 'refreshToken' });
    // The thief's reuse also kills the newest token of the family, and every access token minted in it.
    expect((await refresh(second.refreshToken)).json()).toMatchObject({ code: 'TOKEN_INVALID' });
    expect((await lineup(bearer(second))).json()).toMatchObject({ code: 'TOKEN_INVALID', status: 401 });
    expect((await lineup(bearer(first))).statusCode).toBe(401);
    const short = await api.app.inject({
      method: 'POST',
      url: '/v1/token/refresh',
      payload: { refreshToken: 1 },
    });
    expect(short.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'refreshToken' });
  });

  it('a refresh token presented 8 times at once leaves no working token of its family, in each of 50 rounds', async () => {
    const device = await assignedDevice(api, { skip: 6 });
    const otherFamily = await activateThroughConsole(api, device.id);
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: device.id } });
    const claims = {
      deviceId: device.id,
      subscriberId: row.subscriberId ?? '',
      boxModel: device.boxModel.code,
      firmware: null,
      tokenVersion: row.tokenVersion,
    };
    for (let round = 0; round < 50; round++) {
      const pair = await mintTokenPair(api.deps, claims);
      const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(pair.refreshToken)));
      const issued = answers.filter((a) => a.statusCode === 200).map((a) => a.json() as TDeviceTokenPair);
      expect(issued.length, `round ${round}: at most one refresh wins`).toBeLessThanOrEqual(1);
      // The winner first: presenting the spent original again would itself burn the family.
      for (const tokens of [...issued, pair]) {
        expect((await lineup(bearer(tokens))).statusCode, `round ${round}: access token`).toBe(401);
        expect((await refresh(tokens.refreshToken)).statusCode, `round ${round}: refresh token`).toBe(401);
      }
    }
    // The box's other family (its activation) is untouched.
    expect((await lineup(bearer(otherFamily))).statusCode).toBe(200);
  }, 60_000);
});
