import { Badge, type DataTableColumn } from '@keten/ui';
import Link from 'next/link';
import { formatDateTime } from '../format';
import { humanize, STATUS_TONE } from '../subscribers/labels';
import type { TDeviceRow } from '../subscribers/types';

const when = (value: Date | string | null) => (value ? formatDateTime(value) : 'never');

/** Columns shared by the devices table and a subscriber's boxes. */
export const DEVICE_COLUMNS: DataTableColumn<TDeviceRow>[] = [
  {
    key: 'serial',
    header: 'Serial',
    sortKey: 'serial',
    cell: (row) => (
      <Link href={`/devices/${row.id}`} className="font-mono text-sky-700 hover:underline">
        {row.serial}
      </Link>
    ),
  },
  { key: 'mac', header: 'MAC', sortKey: 'mac', cell: (row) => <span className="font-mono">{row.mac}</span> },
  { key: 'model', header: 'Model', cell: (row) => `${row.boxModel.vendor} ${row.boxModel.name}` },
  { key: 'firmware', header: 'Firmware', cell: (row) => row.firmwareVersion?.version ?? '—' },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    cell: (row) => <Badge tone={STATUS_TONE[row.status]}>{humanize(row.status)}</Badge>,
  },
  {
    key: 'token',
    header: 'Token',
    cell: (row) => (
      <Badge tone={STATUS_TONE[row.tokenState]}>
        {humanize(row.tokenState)} · v{row.tokenVersion}
      </Badge>
    ),
  },
  {
    key: 'seen',
    header: 'Last seen',
    sortKey: 'lastSeenAt',
    cell: (row) => when(row.lastSeenAt),
    className: 'whitespace-nowrap',
  },
];

export const OWNER_COLUMN: DataTableColumn<TDeviceRow> = {
  key: 'owner',
  header: 'Owner',
  cell: (row) =>
    row.subscriber ? (
      <Link href={`/subscribers/${row.subscriber.id}`} className="text-sky-700 hover:underline">
        {row.subscriber.name}{' '}
        <span className="font-mono text-xs text-slate-500">{row.subscriber.accountNumber}</span>
      </Link>
    ) : (
      <span className="text-slate-500">in stock</span>
    ),
};
