'use client';

import { diffJson } from '@keten/flags';
import { Badge, Card, ConfirmButton } from '@keten/ui';
import { formatDateTime } from '../format';

/** Anything versioned like a flag (flags, rails): its versions newest first, scheduled changes if it has them. */
interface TVersioned {
  version: number;
  definition: unknown;
  versions: {
    version: number;
    definition: unknown;
    note: string | null;
    actorEmail: string;
    createdAt: Date | string;
  }[];
  scheduledChanges?: {
    id: string;
    at: Date | string;
    definition: unknown;
    note: string | null;
    state: string;
    createdByEmail: string;
  }[];
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/** Every version, newest first, each with what changed from the one before; any older one can be put back. */
export function FlagHistory({
  flag,
  canEdit,
  reverting,
  onRevert,
  onCancelScheduled,
}: {
  flag: TVersioned;
  canEdit: boolean;
  reverting: boolean;
  onRevert: (version: number) => void;
  onCancelScheduled?: (changeId: string) => void;
}) {
  const pending = (flag.scheduledChanges ?? []).filter((change) => change.state === 'PENDING');
  return (
    <div className="space-y-5">
      {pending.length > 0 ? (
        <Card title="Scheduled changes" description="Put in force at their time, as a new version.">
          <ul className="space-y-2 text-sm">
            {pending.map((change) => (
              <li key={change.id} className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  {formatDateTime(change.at)} · {change.note ?? 'no note'} ·{' '}
                  <span className="text-slate-500">{change.createdByEmail}</span>
                  <ul className="mt-1 font-mono text-xs text-slate-600">
                    {diffJson(flag.definition, change.definition).map((entry) => (
                      <li key={entry.path}>
                        {entry.path}: {show(entry.before)} → {show(entry.after)}
                      </li>
                    ))}
                  </ul>
                </span>
                {canEdit ? (
                  <ConfirmButton
                    label="Cancel"
                    name={`Cancel the change at ${formatDateTime(change.at)}`}
                    question="Cancel this scheduled change?"
                    onConfirm={() => onCancelScheduled?.(change.id)}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="History" description="Every version, with what changed from the one before.">
        <ol className="space-y-3">
          {flag.versions.map((version, index) => {
            const previous = flag.versions[index + 1];
            const changes = previous ? diffJson(previous.definition, version.definition) : [];
            return (
              <li key={version.version} className="rounded-md border border-slate-200 p-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <span className="font-medium">Version {version.version}</span>{' '}
                    {version.version === flag.version ? <Badge tone="success">in force</Badge> : null} ·{' '}
                    {formatDateTime(version.createdAt)} · {version.actorEmail}
                    {version.note ? ` · ${version.note}` : ''}
                  </span>
                  {canEdit && version.version !== flag.version ? (
                    <ConfirmButton
                      label="Revert"
                      name={`Revert to version ${version.version}`}
                      question={`Put version ${version.version} back in force (as version ${flag.version + 1})?`}
                      busy={reverting}
                      onConfirm={() => onRevert(version.version)}
                    />
                  ) : null}
                </div>
                {previous ? (
                  changes.length > 0 ? (
                    <ul className="mt-2 space-y-0.5 font-mono text-xs text-slate-700">
                      {changes.map((entry) => (
                        <li key={entry.path}>
                          {entry.path}: <span className="text-rose-700">{show(entry.before)}</span> →{' '}
                          <span className="text-emerald-700">{show(entry.after)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="mt-1 text-xs text-slate-500">No change to the definition.</p>
                  )
                ) : (
                  <p className="mt-1 text-xs text-slate-500">Created.</p>
                )}
              </li>
            );
          })}
        </ol>
      </Card>
    </div>
  );
}
