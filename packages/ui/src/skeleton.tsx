import type { CSSProperties } from 'react';
import { cn } from './cn';

/** A grey placeholder block; size it with className (or style for computed sizes). */
export function Skeleton({ className, style }: { className?: string; style?: CSSProperties }) {
  return <div aria-hidden style={style} className={cn('animate-pulse rounded bg-slate-200/80', className)} />;
}
