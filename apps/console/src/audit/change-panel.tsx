import { Badge, Card, EmptyState } from '@keten/ui';
import { formatDateTime } from '../format';
import type { TAuditEntry } from '../trpc/types';
import { entityTypeLabel } from './audit-columns';
import { changeRows, showValue } from './change-diff';

function Whole({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <p className="mb-1 text-xs font-semibold text-slate-500">{label}</p>
      <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all">
        {showValue(value)}
      </pre>
    </div>
  );
}

/** One audit entry's before and after, side by side, changed fields highlighted. */
export function ChangePanel({ entry }: { entry: TAuditEntry | undefined }) {
  if (!entry) {
    return (
      <EmptyState
        title="Select an entry"
        description="Choose “Compare” on a row to see its values before and after the change."
      />
    );
  }
  const rows = changeRows(entry.before, entry.after);
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Badge tone="info">{entry.action}</Badge>
          {entityTypeLabel(entry.entityType)} {entry.entity.name ?? ''}
          <span className="font-mono text-xs font-normal break-all text-slate-500">{entry.entityId}</span>
        </span>
      }
      description={`${entry.actor.name}${entry.actor.detail && entry.actor.kind === 'operator' ? ` (${entry.actor.detail})` : ''} · ${formatDateTime(entry.at)}${entry.ip ? ` · ${entry.ip}` : ''}`}
      flush
    >
      {rows ? (
        <table className="w-full table-fixed text-left text-xs">
          <caption className="sr-only">Values before and after the change</caption>
          <thead>
            <tr className="border-b border-slate-200 bg-slate-50/80 text-slate-600">
              <th scope="col" className="w-1/4 px-4 py-2 font-semibold">
                Field
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Before
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                After
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={row.field}
                className={
                  row.changed ? 'bg-amber-50 shadow-[inset_3px_0_0_var(--color-amber-400)]' : undefined
                }
              >
                <th scope="row" className="px-4 py-1.5 font-medium text-slate-700">
                  {row.field}
                  {row.changed ? <span className="sr-only"> (changed)</span> : null}
                </th>
                <td className="px-3 py-1.5 font-mono break-all whitespace-pre-wrap text-slate-600">
                  {row.before}
                </td>
                <td className="px-4 py-1.5 font-mono break-all whitespace-pre-wrap text-slate-900">
                  {row.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="grid grid-cols-2 gap-3 p-4">
          <Whole label="Before" value={entry.before} />
          <Whole label="After" value={entry.after} />
        </div>
      )}
    </Card>
  );
}
