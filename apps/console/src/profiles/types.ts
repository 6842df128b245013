import type { TRouterOutputs } from '../trpc/types';

export type TProfileRow = TRouterOutputs['profiles']['list'][number];
export type TProfileDetail = TRouterOutputs['profiles']['get'];
export type TProfileVersion = TProfileDetail['versions'][number];
export type TCompatibilityMatrix = TRouterOutputs['profiles']['compatibility'];
export type TBoxModelRow = TRouterOutputs['profiles']['boxModels']['list'][number];

/** A ladder in a few words: "1080p H.264 · 720p H.264 · 360p H.264". */
export const rungSummary = (rungs: Pick<TProfileVersion['rungs'][number], 'height' | 'codec'>[]) =>
  rungs.map((r) => `${r.height}p ${r.codec === 'HEVC' ? 'HEVC' : 'H.264'}`).join(' · ');
