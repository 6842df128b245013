'use client';

import { SOURCE_URL_EXAMPLES, type TSourceProtocol } from '@keten/contracts';
import { Badge, Button, SelectField, TextField } from '@keten/ui';
import { newSource, type TSourceDraft } from './channel-draft';
import { HEALTH_TONES, PROTOCOL_OPTIONS, sourceRole } from './labels';

interface Props {
  sources: TSourceDraft[];
  errors: Record<string, string>;
  onChange: (sources: TSourceDraft[]) => void;
}

function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** The ordered feed list: the first is the primary, the rest are backups in failover order. */
export function SourcesEditor({ sources, errors, onChange }: Props) {
  const patch = (index: number, change: Partial<TSourceDraft>) =>
    onChange(sources.map((source, i) => (i === index ? { ...source, ...change } : source)));
  return (
    <fieldset className="space-y-3">
      <legend className="text-xs font-medium text-slate-700">Sources, in failover order</legend>
      {errors.sources ? <p className="text-xs text-rose-700">{errors.sources}</p> : null}
      <ol className="space-y-2">
        {sources.map((source, index) => {
          const role = sourceRole(index);
          return (
            <li
              key={source.key}
              aria-label={`${role} source`}
              className="grid grid-cols-[auto_1fr_auto] items-start gap-2 rounded-md border border-slate-200 p-2.5"
            >
              <SelectField
                label={`${role} protocol`}
                options={PROTOCOL_OPTIONS}
                value={source.protocol}
                error={errors[`sources.${index}.protocol`]}
                onChange={(event) => patch(index, { protocol: event.currentTarget.value as TSourceProtocol })}
              />
              <TextField
                label={`${role} URL`}
                value={source.url}
                placeholder={SOURCE_URL_EXAMPLES[source.protocol]}
                className="font-mono"
                error={errors[`sources.${index}.url`]}
                onChange={(event) => patch(index, { url: event.currentTarget.value })}
              />
              <div className="flex flex-col items-end gap-1.5 pt-5">
                <div className="flex items-center gap-1">
                  {source.onAir ? <Badge tone="info">on air</Badge> : null}
                  {source.health ? (
                    <Badge tone={HEALTH_TONES[source.health]}>{source.health.toLowerCase()}</Badge>
                  ) : null}
                  <label className="flex items-center gap-1 text-xs text-slate-700">
                    <input
                      type="checkbox"
                      checked={source.enabled}
                      onChange={(event) => patch(index, { enabled: event.currentTarget.checked })}
                    />
                    Enabled
                  </label>
                </div>
                <div className="flex gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${role} up`}
                    disabled={index === 0}
                    onClick={() => onChange(move(sources, index, index - 1))}
                  >
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${role} down`}
                    disabled={index === sources.length - 1}
                    onClick={() => onChange(move(sources, index, index + 1))}
                  >
                    ↓
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${role}`}
                    disabled={sources.length === 1}
                    onClick={() => onChange(sources.filter((_, i) => i !== index))}
                  >
                    Remove
                  </Button>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      {sources.length < 8 ? (
        <Button size="sm" variant="secondary" onClick={() => onChange([...sources, newSource('SRT')])}>
          Add backup source
        </Button>
      ) : null}
    </fieldset>
  );
}
