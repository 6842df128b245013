'use client';

import { ROLE_LABELS, type TRole, ZRoleSchema } from '@keten/contracts';
import { Button, ConfirmButton } from '@keten/ui';
import { useState } from 'react';
import type { TOperatorRow } from '../trpc/types';
import { ROLE_OPTIONS } from './role-options';

/**
 * Choosing a role changes nothing yet: "Save role" asks, naming the old and the new role, and only then saves.
 * The API authorizes and audits the change; it applies from the operator's next request.
 */
export function RoleControl({
  operator,
  busy,
  onSave,
}: {
  operator: TOperatorRow;
  busy: boolean;
  onSave: (role: TRole) => void;
}) {
  const [chosen, setChosen] = useState<TRole>(operator.role);
  const changed = chosen !== operator.role;
  return (
    <div className="flex flex-col items-start gap-1.5">
      <select
        aria-label={`Role of ${operator.email}`}
        value={chosen}
        disabled={busy}
        onChange={(event) => setChosen(ZRoleSchema.parse(event.currentTarget.value))}
        className="h-7 rounded border border-slate-300 bg-white px-1.5 text-xs"
      >
        {ROLE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {changed ? (
        <div className="flex flex-wrap items-center gap-1.5">
          <ConfirmButton
            label="Save role"
            question={`Change ${operator.name} from ${ROLE_LABELS[operator.role]} to ${ROLE_LABELS[chosen]}? It applies from their next click.`}
            busy={busy}
            onConfirm={() => onSave(chosen)}
          />
          <Button size="sm" variant="ghost" onClick={() => setChosen(operator.role)}>
            Cancel
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** Disabling asks first and says what it does; enabling gives access back without a question. */
export function AccessControl({
  operator,
  busy,
  onChange,
}: {
  operator: TOperatorRow;
  busy: boolean;
  onChange: (disabled: boolean) => void;
}) {
  if (operator.disabled) {
    return (
      <Button size="sm" variant="secondary" busy={busy} onClick={() => onChange(false)}>
        Enable
      </Button>
    );
  }
  return (
    <ConfirmButton
      label="Disable"
      question={`Disable ${operator.name}? They are signed out at once and cannot sign in until enabled again.`}
      busy={busy}
      onConfirm={() => onChange(true)}
    />
  );
}
