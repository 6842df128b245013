import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn';

export type TButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

const VARIANTS: Record<TButtonVariant, string> = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-700/60',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400',
  ghost: 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
  danger: 'bg-rose-700 text-white hover:bg-rose-800 disabled:bg-rose-700/60',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: TButtonVariant;
  size?: 'sm' | 'md';
  /** Shows a busy label and disables the button while an action runs. */
  busy?: boolean;
}

/** Button looks for links (e.g. next/link) that act as navigation, so markup stays valid. */
export function buttonClassName({
  variant = 'primary',
  size = 'md',
}: Pick<ButtonProps, 'variant' | 'size'> = {}): string {
  return cn(
    'inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed',
    size === 'sm' ? 'h-7 px-2.5 text-xs' : 'h-9 px-3.5 text-sm',
    VARIANTS[variant],
  );
}

export function Button({ variant, size, busy, disabled, className, children, type, ...rest }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={cn(buttonClassName({ variant, size }), className)}
      {...rest}
    >
      {busy ? (
        <span
          aria-hidden
          className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      ) : null}
      {children}
    </button>
  );
}
