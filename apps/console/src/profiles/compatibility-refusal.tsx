'use client';

import { Button } from '@keten/ui';
import { formatCount } from '../format';
import type { TImpact } from './server-errors';

/** The API refused the ladder: which box models it strands, how many households, and the explicit way on. */
export function CompatibilityRefusal({
  impact,
  busy,
  onConfirm,
}: {
  impact: TImpact;
  busy: boolean;
  onConfirm: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-900"
    >
      <p className="font-semibold">
        Not saved: {impact.boxModels.length === 1 ? 'one box model' : `${impact.boxModels.length} box models`}{' '}
        would have no playable rung
      </p>
      <ul className="mt-1.5 list-disc pl-5">
        {impact.boxModels.map((model) => (
          <li key={model.code}>
            <span className="font-medium">
              {model.vendor} {model.name}
            </span>{' '}
            <span className="text-amber-800">({model.code})</span>: {formatCount(model.subscribers)}{' '}
            subscribers, {formatCount(model.devices)} boxes
          </li>
        ))}
      </ul>
      <p className="mt-1.5">
        In total {formatCount(impact.subscribers)} subscribers and {formatCount(impact.devices)} boxes would
        lose these channels.
      </p>
      <Button variant="danger" size="sm" className="mt-2" busy={busy} onClick={onConfirm}>
        Save anyway for these subscribers
      </Button>
    </div>
  );
}
