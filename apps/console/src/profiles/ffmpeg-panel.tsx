'use client';

import { ffmpegLadderArgs, type TLadderInput } from '@keten/contracts';
import { Card, ScrollRegion } from '@keten/ui';

// Quote what a shell would split, so the command can be pasted as is.
const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** The exact argv the worker runs for this ladder (same pure function), one option per line. */
export function FfmpegPanel({ ladder, title }: { ladder: TLadderInput | undefined; title: string }) {
  const args = ladder
    ? ffmpegLadderArgs(ladder, { input: '<input>', outputDir: '<channel media folder>' })
    : [];
  const lines: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || lines.length === 0) lines.push(quote(arg));
    else lines[lines.length - 1] += ` ${quote(arg)}`;
  }
  return (
    <Card title="ffmpeg arguments" description={title}>
      {ladder ? (
        <ScrollRegion label="ffmpeg arguments" className="max-h-96 overflow-auto rounded-md bg-slate-900">
          <pre data-testid="ffmpeg-arguments" className="p-3 font-mono text-xs leading-5 text-slate-100">
            {`ffmpeg ${lines.join(' \\\n  ')}`}
          </pre>
        </ScrollRegion>
      ) : (
        <p className="text-sm text-slate-500">Fix the ladder's errors to see the arguments it produces.</p>
      )}
    </Card>
  );
}
