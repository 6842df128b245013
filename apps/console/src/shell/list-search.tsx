'use client';

import { TextField } from '@keten/ui';
import { type FormEvent, useEffect, useState } from 'react';

/** A table's search box: typing stays local, Enter puts the search in the URL (and back to page 1). */
export function ListSearch({
  value,
  onSearch,
  label,
  placeholder,
}: {
  value: string | undefined;
  onSearch: (q: string) => void;
  /** Accessible name of the search form, e.g. "Search devices". */
  label: string;
  placeholder: string;
}) {
  const [q, setQ] = useState(value ?? '');
  useEffect(() => setQ(value ?? ''), [value]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(q.trim());
  }
  return (
    <form onSubmit={submit} aria-label={label} className="w-80">
      <TextField label="Search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={placeholder} />
    </form>
  );
}
