'use client';

import { SUPPORT_SEARCH_MAX_LENGTH } from '@keten/contracts';
import { Badge, Button, Card, DataTable, EmptyState, ErrorState, LoadingState, TextField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { humanize, MATCH_LABELS, STATUS_TONE } from '../subscribers/labels';
import type { TSupportHit } from '../subscribers/types';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

// The API's default page of hits; a full page means there may be more.
const SEARCH_LIMIT = 20;

/** What is wrong with a search before it is sent, in words naming the field and the limit; undefined when fine. */
function searchProblem(q: string): string | undefined {
  const length = q.trim().length;
  if (length > SUPPORT_SEARCH_MAX_LENGTH) {
    return `The search can be at most ${SUPPORT_SEARCH_MAX_LENGTH} characters; this one has ${length.toLocaleString('en')}. Type the name, account number, email, serial or MAC only.`;
  }
  if (length > 0 && length < 2) return 'Type at least 2 characters.';
  return undefined;
}

/** One box for everything a caller may read out: name, account number, e-mail, box serial or MAC. */
export function SupportSearch() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // A problem with the text typed (shown at once, nothing sent) or with a search arriving by link.
  const [typedProblem, setTypedProblem] = useState<string>();
  const problem = typedProblem ?? searchProblem(q);
  const searchable = q.trim().length > 0 && !searchProblem(q);
  const search = useQuery({ ...trpc.subscribers.search.queryOptions({ q }), enabled: searchable });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = text.trim();
    const refused = searchProblem(next);
    setTypedProblem(refused);
    if (refused) return;
    router.replace(next ? `${pathname}?q=${encodeURIComponent(next)}` : pathname, { scroll: false });
  }

  return (
    <div className="space-y-5">
      <Card>
        <form onSubmit={onSubmit} aria-label="Support lookup" className="flex max-w-2xl items-start gap-2">
          <div className="min-w-0 flex-1">
            <TextField
              label="Search subscribers"
              name="q"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setTypedProblem(undefined);
              }}
              placeholder="Name, account number, email, box serial or MAC (aa:bb, AA-BB or aabb)"
              autoFocus
              autoComplete="off"
              error={problem}
            />
          </div>
          {/* Lined up with the input: above it sits the label, one line of text-xs and a 4px gap. */}
          <Button type="submit" className="mt-5 shrink-0">
            Search
          </Button>
        </form>
      </Card>
      {!searchable || typedProblem ? (
        <EmptyState
          title="Find a subscriber"
          description="Type what the caller reads out: part of a name, the account number, an email address, or the serial or MAC on the box's sticker."
        />
      ) : search.isPending ? (
        <LoadingState variant="table" rows={5} label="Searching…" />
      ) : search.isError ? (
        <ErrorState
          title="The search failed"
          message={describeQueryError(search.error)}
          onRetry={() => void search.refetch()}
          retrying={search.isFetching}
        />
      ) : (
        <Card
          title="Subscribers found"
          description={
            search.data.length >= SEARCH_LIMIT
              ? `The first ${SEARCH_LIMIT} for “${q}”: type more to narrow it down`
              : `${search.data.length} for “${q}”`
          }
          flush
        >
          <DataTable<TSupportHit>
            caption="Subscribers found"
            rows={search.data}
            rowKey={(row) => row.id}
            empty={
              <p className="py-6 text-center text-sm text-slate-500">
                Nobody matches “{q}”. Check the spelling, or try the account number or the box's MAC.
              </p>
            }
            columns={[
              {
                key: 'name',
                header: 'Subscriber',
                cell: (row) => (
                  <Link href={`/subscribers/${row.id}`} className="font-medium text-sky-700 hover:underline">
                    {row.name}
                  </Link>
                ),
              },
              {
                key: 'account',
                header: 'Account',
                cell: (row) => <span className="font-mono">{row.accountNumber}</span>,
              },
              { key: 'email', header: 'Email', cell: (row) => row.email ?? '—' },
              { key: 'region', header: 'Region', cell: (row) => row.region },
              {
                key: 'status',
                header: 'Status',
                cell: (row) => <Badge tone={STATUS_TONE[row.status]}>{humanize(row.status)}</Badge>,
              },
              {
                key: 'matched',
                header: 'Matched on',
                cell: (row) => (
                  <ul className="space-y-0.5">
                    {row.matches.map((match) => (
                      <li key={`${match.field}:${match.value}`} className="text-xs">
                        <span className="text-slate-500">{MATCH_LABELS[match.field]}</span>{' '}
                        <span className="font-mono">{match.value}</span>
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
