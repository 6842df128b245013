import type { TQcSettings } from '@keten/contracts';

/** QC looks at a small, slow copy of the picture: black and freeze do not need 1080p at 50 fps. */
const QC_VIDEO = 'scale=160:90,fps=5';

/**
 * A second output of the live encoder that only analyses: the input is decoded once and feeds both
 * the ladder and these detectors, which log what they find (qc-monitor.ts reads the lines).
 * blackdetect reports every black picture at once (d=0) and the monitor applies the threshold, so
 * the event can start without waiting for the black to end.
 */
export function qcOutputArgs(settings: TQcSettings): string[] {
  const video = [
    QC_VIDEO,
    `blackdetect=d=0:pic_th=${settings.blackPictureRatio}:pix_th=0.10`,
    'metadata=mode=print:key=lavfi.black_start',
    'metadata=mode=print:key=lavfi.black_end',
    `freezedetect=n=${settings.freezeNoiseDb}dB:d=${settings.freezeSeconds}`,
  ].join(',');
  const audio = [
    `silencedetect=n=${settings.silenceDb}dB:d=${settings.silenceSeconds}`,
    'ebur128=metadata=1',
    // One short-term loudness reading a second is plenty for a threshold measured in seconds.
    "aselect='not(mod(n\\,10))'",
    'ametadata=mode=print:key=lavfi.r128.S',
  ].join(',');
  return ['-map', '0:v:0', '-map', '0:a:0?', '-filter:v', video, '-filter:a', audio, '-f', 'null', '-'];
}
