'use client';

import { Button, Card, SelectField, TextField } from '@keten/ui';
import { type FormEvent, useEffect, useState } from 'react';
import type { TListState } from '../shell/use-list-state';
import { GENRE_OPTIONS, STATE_OPTIONS } from './labels';

interface Props {
  state: TListState;
  onSearch: (q: string) => void;
  onFilter: (key: string, value: string | undefined) => void;
}

/** Search by name, slug or LCN; filter by state and genre. Filters apply at once, search on Enter. */
export function ChannelFilters({ state, onSearch, onFilter }: Props) {
  const [q, setQ] = useState(state.q ?? '');
  useEffect(() => setQ(state.q ?? ''), [state.q]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(q.trim());
  };
  return (
    <Card>
      <form onSubmit={submit} aria-label="Find channels" className="flex flex-wrap items-end gap-3">
        <div className="w-72">
          <TextField
            label="Search"
            name="q"
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
            placeholder="Name, slug or LCN"
          />
        </div>
        <div className="w-40">
          <SelectField
            label="State"
            placeholder="All states"
            options={STATE_OPTIONS}
            value={state.filters.state ?? ''}
            onChange={(event) => onFilter('state', event.currentTarget.value || undefined)}
          />
        </div>
        <div className="w-44">
          <SelectField
            label="Genre"
            placeholder="All genres"
            options={GENRE_OPTIONS}
            value={state.filters.genre ?? ''}
            onChange={(event) => onFilter('genre', event.currentTarget.value || undefined)}
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
    </Card>
  );
}
