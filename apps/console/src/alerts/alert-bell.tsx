'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../trpc/react';
import { ALERTS_POLL_MS } from './firing-alerts';

/** The header's bell: firing alerts nobody acknowledged, of rules not muted; a link to the alerts page. */
export function AlertBell() {
  const trpc = useTRPC();
  const unread = useQuery({ ...trpc.alerts.unread.queryOptions(), refetchInterval: ALERTS_POLL_MS });
  const count = unread.data?.count ?? 0;
  const latest = unread.data?.latest[0];
  const label =
    count === 0
      ? 'Alerts: none unread'
      : `Alerts: ${count} firing, unacknowledged${latest ? `; latest ${latest.rule.name}` : ''}`;
  return (
    <Link
      href="/alerts"
      aria-label={label}
      title={label}
      data-testid="alert-bell"
      className="relative inline-flex size-8 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100"
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count > 0 ? (
        <span
          data-testid="alert-bell-count"
          className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-rose-700 px-1 text-center text-[10px] font-semibold leading-4 text-white"
        >
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
