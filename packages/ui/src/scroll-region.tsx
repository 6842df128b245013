import type { ReactNode } from 'react';
import { cn } from './cn';

export interface ScrollRegionProps {
  /** What the region holds, e.g. "ffmpeg arguments"; read out when it takes focus. */
  label: string;
  /** Its size and overflow, e.g. "max-h-96 overflow-y-auto". */
  className?: string;
  children: ReactNode;
}

/**
 * A box that scrolls on its own, reachable by keyboard (Tab, then the arrow keys) and named for screen
 * readers: a plain overflow box can only be scrolled with a mouse.
 */
export function ScrollRegion({ label, className, children }: ScrollRegionProps) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className={cn('focus-visible:outline-2 focus-visible:outline-sky-600', className)}
    >
      {children}
    </section>
  );
}
