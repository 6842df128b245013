export { createBeacon, type TBeacon, type TBeaconOptions } from './beacon';
export { classifyHlsError, classifyMediaError, type TClassifiedError, type TErrorLayer } from './errors';
export { RESUME_WINDOW_MS } from './session-store';
export type { THlsLike, TMediaLike, TTuneOptions } from './types';
