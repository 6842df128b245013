import { describe, expect, it } from 'vitest';
import { classifyHlsError, classifyMediaError } from './errors';

describe('error taxonomy', () => {
  it.each([
    [{ type: 'networkError', details: 'fragLoadTimeOut' }, 'NETWORK_SEGMENT_TIMEOUT', 'network'],
    [
      { type: 'networkError', details: 'manifestLoadError', response: { code: 401 } },
      'TOKEN_INVALID',
      'token',
    ],
    [
      { type: 'networkError', details: 'fragLoadError', response: { code: 503 } },
      'NETWORK_SERVER_ERROR',
      'network',
    ],
    [
      {
        type: 'networkError',
        details: 'manifestLoadError',
        response: { code: 403 },
        networkDetails: { responseText: '{"code":"TOKEN_EXPIRED"}' },
      },
      'TOKEN_EXPIRED',
      'token',
    ],
    [{ type: 'mediaError', details: 'bufferIncompatibleCodecsError' }, 'DECODE_UNSUPPORTED_CODEC', 'decode'],
    [{ type: 'keySystemError', details: 'keySystemLicenseRequestFailed' }, 'DRM_LICENSE_REQUEST', 'drm'],
    [{ type: 'otherError', details: 'internalException' }, 'PLAYER_OTHER', 'player'],
  ])('%o → %s (%s)', (data, errorCode, errorLayer) => {
    expect(classifyHlsError({ fatal: true, ...data })).toEqual({ errorCode, errorLayer });
  });

  it('maps MediaError codes', () => {
    expect([1, 2, 3, 4, undefined].map((c) => classifyMediaError(c).errorCode)).toEqual([
      'PLAYER_ABORTED',
      'NETWORK_MEDIA',
      'DECODE_MEDIA',
      'DECODE_SRC_NOT_SUPPORTED',
      'PLAYER_OTHER',
    ]);
  });
});
