'use client';

import { ALERT_SEVERITIES, ALERT_STATES } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState, SelectField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { dimensionsText, SEVERITY_TONE, STATE_TONE } from './alert-format';

const ALL = '';

/** Every alert, newest first, filtered by state, severity and acknowledgement. */
export function AlertHistory() {
  const trpc = useTRPC();
  const [state, setState] = useState(ALL);
  const [severity, setSeverity] = useState(ALL);
  const [acknowledged, setAcknowledged] = useState(ALL);
  const input = {
    ...(state ? { states: [ALERT_STATES.find((s) => s === state) ?? 'FIRING'] } : {}),
    ...(severity ? { severities: [ALERT_SEVERITIES.find((s) => s === severity) ?? 'WARNING'] } : {}),
    ...(acknowledged ? { acknowledged: acknowledged === 'yes' } : {}),
    limit: 200,
  };
  const history = useQuery({ ...trpc.alerts.list.queryOptions(input), refetchInterval: 30_000 });
  return (
    <Card
      title="History"
      description="Firing and resolved alerts, newest first."
      flush
      actions={
        <div className="flex flex-wrap items-end gap-2">
          <SelectField
            label="State"
            value={state}
            onChange={(e) => setState(e.currentTarget.value)}
            placeholder="Any"
            options={ALERT_STATES.filter((s) => s !== 'PENDING').map((s) => ({ value: s, label: s }))}
          />
          <SelectField
            label="Severity"
            value={severity}
            onChange={(e) => setSeverity(e.currentTarget.value)}
            placeholder="Any"
            options={ALERT_SEVERITIES.map((s) => ({ value: s, label: s }))}
          />
          <SelectField
            label="Acknowledged"
            value={acknowledged}
            onChange={(e) => setAcknowledged(e.currentTarget.value)}
            placeholder="Either"
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
          />
        </div>
      }
    >
      {history.isError ? (
        <div className="p-4">
          <ErrorState
            title="History unavailable"
            message={describeQueryError(history.error)}
            onRetry={() => void history.refetch()}
          />
        </div>
      ) : history.isPending ? (
        <div className="p-4">
          <LoadingState label="Loading alert history" />
        </div>
      ) : (
        <DataTable
          caption="Alert history"
          rows={history.data}
          rowKey={(alert) => alert.id}
          empty={
            <EmptyState
              title="No alerts match"
              description="Change the filters, or wait for a rule to fire."
            />
          }
          columns={[
            {
              key: 'state',
              header: 'State',
              cell: (a) => <Badge tone={STATE_TONE[a.state]}>{a.state}</Badge>,
            },
            {
              key: 'severity',
              header: 'Severity',
              cell: (a) => <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>,
            },
            {
              key: 'rule',
              header: 'Alert',
              cell: (a) => (
                <div className="flex flex-col">
                  <span className="font-medium text-slate-900">{a.rule.name}</span>
                  <span className="text-xs text-slate-600">
                    {dimensionsText(a.dimensions, a.channel) || a.message}
                  </span>
                </div>
              ),
            },
            { key: 'fired', header: 'Fired', cell: (a) => (a.firedAt ? formatDateTime(a.firedAt) : '—') },
            {
              key: 'resolved',
              header: 'Resolved',
              cell: (a) => (a.resolvedAt ? formatDateTime(a.resolvedAt) : '—'),
            },
            {
              key: 'ack',
              header: 'Acknowledged',
              cell: (a) =>
                a.acknowledgedAt ? (
                  <span className="text-xs text-slate-700">
                    {a.acknowledgedBy?.name ?? 'someone'}, {formatDateTime(a.acknowledgedAt)}
                    {a.acknowledgeNote ? `: “${a.acknowledgeNote}”` : ''}
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
