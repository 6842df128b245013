/** Where a fatal error comes from (DESIGN "QoE": player, network, DRM, entitlement, token, concurrency, decode). */
export type TErrorLayer = 'player' | 'network' | 'drm' | 'entitlement' | 'token' | 'concurrency' | 'decode';

export interface TClassifiedError {
  errorCode: string;
  errorLayer: TErrorLayer;
}

/** The slice of hls.js's ErrorData this library reads (typed loosely so tests need no hls.js). */
export interface THlsErrorData {
  type: string;
  details: string;
  fatal: boolean;
  response?: { code?: number } | undefined;
  networkDetails?: unknown;
}

// The API's playback error codes (issue 4 item 3) and the layer each belongs to.
const ORIGIN_CODES: Record<string, TErrorLayer> = {
  ENTITLEMENT_DENIED: 'entitlement',
  TOKEN_EXPIRED: 'token',
  TOKEN_INVALID: 'token',
  DEVICE_REVOKED: 'token',
  CONCURRENCY_LIMIT: 'concurrency',
};

const NETWORK_DETAILS: Record<string, string> = {
  manifestLoadError: 'NETWORK_MANIFEST_LOAD',
  manifestLoadTimeOut: 'NETWORK_MANIFEST_TIMEOUT',
  levelLoadError: 'NETWORK_PLAYLIST_LOAD',
  levelLoadTimeOut: 'NETWORK_PLAYLIST_TIMEOUT',
  audioTrackLoadError: 'NETWORK_PLAYLIST_LOAD',
  audioTrackLoadTimeOut: 'NETWORK_PLAYLIST_TIMEOUT',
  fragLoadError: 'NETWORK_SEGMENT_LOAD',
  fragLoadTimeOut: 'NETWORK_SEGMENT_TIMEOUT',
  keyLoadError: 'NETWORK_KEY_LOAD',
  keyLoadTimeOut: 'NETWORK_KEY_TIMEOUT',
};

const DECODE_DETAILS: Record<string, string> = {
  manifestIncompatibleCodecsError: 'DECODE_UNSUPPORTED_CODEC',
  bufferAddCodecError: 'DECODE_UNSUPPORTED_CODEC',
  bufferIncompatibleCodecsError: 'DECODE_UNSUPPORTED_CODEC',
  fragParsingError: 'DECODE_SEGMENT_PARSING',
  bufferAppendError: 'DECODE_BUFFER_APPEND',
  bufferAppendingError: 'DECODE_BUFFER_APPEND',
  bufferFullError: 'DECODE_BUFFER_FULL',
  bufferStalledError: 'DECODE_STALLED',
};

const DRM_DETAILS: Record<string, string> = {
  keySystemNoKeys: 'DRM_NO_KEYS',
  keySystemNoAccess: 'DRM_NO_ACCESS',
  keySystemLicenseRequestFailed: 'DRM_LICENSE_REQUEST',
  keySystemStatusOutputRestricted: 'DRM_OUTPUT_RESTRICTED',
  fragDecryptError: 'DRM_DECRYPT',
};

/** The `code` of an RFC 9457 problem body, when the failed request's body is readable. */
function problemCode(networkDetails: unknown): string | undefined {
  if (typeof networkDetails !== 'object' || networkDetails === null) return undefined;
  const text = (networkDetails as { responseText?: unknown }).responseText;
  if (typeof text !== 'string' || !text.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function classifyHttp(status: number, networkDetails: unknown): TClassifiedError | undefined {
  const code = problemCode(networkDetails);
  const layer = code === undefined ? undefined : ORIGIN_CODES[code];
  if (code !== undefined && layer !== undefined) return { errorCode: code, errorLayer: layer };
  if (status === 401) return { errorCode: 'TOKEN_INVALID', errorLayer: 'token' };
  if (status === 403) return { errorCode: 'ENTITLEMENT_DENIED', errorLayer: 'entitlement' };
  if (status === 404) return { errorCode: 'NETWORK_NOT_FOUND', errorLayer: 'network' };
  if (status === 429) return { errorCode: 'NETWORK_RATE_LIMITED', errorLayer: 'network' };
  if (status >= 500) return { errorCode: 'NETWORK_SERVER_ERROR', errorLayer: 'network' };
  return undefined;
}

/** Maps an hls.js error to a stable code; taxonomy documented in packages/beacon/README.md. */
export function classifyHlsError(data: THlsErrorData): TClassifiedError {
  const status = data.response?.code ?? 0;
  if (data.type === 'networkError') {
    const http = status > 0 ? classifyHttp(status, data.networkDetails) : undefined;
    if (http) return http;
    return { errorCode: NETWORK_DETAILS[data.details] ?? 'NETWORK_OTHER', errorLayer: 'network' };
  }
  if (data.type === 'keySystemError' || DRM_DETAILS[data.details]) {
    return { errorCode: DRM_DETAILS[data.details] ?? 'DRM_OTHER', errorLayer: 'drm' };
  }
  if (data.type === 'mediaError' || data.type === 'muxError') {
    return { errorCode: DECODE_DETAILS[data.details] ?? 'DECODE_OTHER', errorLayer: 'decode' };
  }
  if (data.details === 'manifestParsingError' || data.details === 'levelParsingError') {
    return { errorCode: 'PLAYER_PLAYLIST_PARSING', errorLayer: 'player' };
  }
  return { errorCode: 'PLAYER_OTHER', errorLayer: 'player' };
}

// HTMLMediaElement MediaError.code 1..4.
const MEDIA_ERRORS: Record<number, TClassifiedError> = {
  1: { errorCode: 'PLAYER_ABORTED', errorLayer: 'player' },
  2: { errorCode: 'NETWORK_MEDIA', errorLayer: 'network' },
  3: { errorCode: 'DECODE_MEDIA', errorLayer: 'decode' },
  4: { errorCode: 'DECODE_SRC_NOT_SUPPORTED', errorLayer: 'decode' },
};

export function classifyMediaError(code: number | undefined): TClassifiedError {
  return MEDIA_ERRORS[code ?? 0] ?? { errorCode: 'PLAYER_OTHER', errorLayer: 'player' };
}
