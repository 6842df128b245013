import { AUDIT_ENTITY_TYPES } from '@keten/contracts';
import { Badge, Button, type DataTableColumn } from '@keten/ui';
import { formatDateTime } from '../format';
import type { TAuditEntry } from '../trpc/types';

/** "Channel", "Box (device)": a type in words, or as written when the console does not know it. */
export function entityTypeLabel(type: string): string {
  return (AUDIT_ENTITY_TYPES as Record<string, string>)[type] ?? type;
}

/** Who acted: the operator's name over their email; a box or the system marked as such. */
export function ActorName({ actor }: { actor: TAuditEntry['actor'] }) {
  return (
    // A fixed measure: a long email is cut (whole in its tooltip) rather than pushing "When" out of view.
    <div className="w-36">
      <div className="flex flex-wrap items-center gap-x-1.5 font-medium break-words text-slate-900">
        {actor.name}
        {actor.kind === 'box' ? <Badge tone="neutral">box</Badge> : null}
        {actor.kind === 'system' ? <Badge tone="neutral">system</Badge> : null}
      </div>
      {actor.detail ? (
        <div title={actor.detail} className="truncate text-xs text-slate-500">
          {actor.detail}
        </div>
      ) : null}
    </div>
  );
}

/** What was done to what: the action, the thing's type and name, then its detail and id (the id always there). */
export function EntityName({
  entry,
}: {
  entry: Pick<TAuditEntry, 'action' | 'entityType' | 'entityId' | 'entity'>;
}) {
  const { entity } = entry;
  return (
    <div className="min-w-0 space-y-0.5">
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 break-words">
        {/* Spaces between the parts so the cell reads as words, to a screen reader and to a copy. */}
        <Badge tone="info">{entry.action}</Badge>{' '}
        <span className="text-slate-500">{entityTypeLabel(entry.entityType)}</span>{' '}
        <span className="font-medium text-slate-900">{entity.name ?? 'unnamed'}</span>
        {entity.gone ? <span className="text-xs text-slate-500"> (deleted)</span> : null}
      </div>
      {entity.detail ? (
        <div title={entity.detail} className="truncate text-xs text-slate-500">
          {entity.detail}
        </div>
      ) : null}
      <div title={entry.entityId} className="truncate font-mono text-xs text-slate-500">
        {entry.entityId}
      </div>
    </div>
  );
}

export function auditColumns(
  selectedId: string | undefined,
  onCompare: (id: string) => void,
): DataTableColumn<TAuditEntry>[] {
  return [
    {
      key: 'at',
      header: 'When (Amsterdam)',
      cell: (row) => formatDateTime(row.at),
      className: 'whitespace-nowrap',
    },
    { key: 'actor', header: 'Who', cell: (row) => <ActorName actor={row.actor} /> },
    // Takes what the other columns leave (w-full, max-w-0), so its long ids truncate instead of widening the table.
    { key: 'entity', header: 'What', cell: (row) => <EntityName entry={row} />, className: 'w-full max-w-0' },
    {
      key: 'compare',
      header: <span className="sr-only">Compare</span>,
      align: 'right',
      cell: (row) => (
        <Button
          size="sm"
          variant={row.id === selectedId ? 'secondary' : 'ghost'}
          aria-pressed={row.id === selectedId}
          aria-label={`Compare before and after: ${row.action} ${row.entity.name ?? row.entityId}`}
          onClick={() => onCompare(row.id)}
        >
          Compare
        </Button>
      ),
    },
  ];
}
