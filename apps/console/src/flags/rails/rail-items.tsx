'use client';

import { Button, DateTimeField, SelectField, TextField } from '@keten/ui';
import type { TRailChannelOption } from '../types';
import { nextPromotionId, type TItemDraft } from './rail-draft';

interface TProps {
  /** "Variant 1", for labels that stay unique on the page. */
  label: string;
  /** Field paths of errors start with this ("variants.0.items"). */
  path: string;
  items: TItemDraft[];
  channels: readonly TRailChannelOption[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (items: TItemDraft[]) => void;
}

const TARGET_OPTIONS = [
  { value: 'channel', label: 'a channel' },
  { value: 'link', label: 'a URL or deeplink' },
];

/** One variant's items, in the order boxes show them: channels and promotions, moved up and down. */
export function RailItems({ label, path, items, channels, errors, disabled, onChange }: TProps) {
  const channelOptions = channels.map((channel) => ({
    value: channel.id,
    label: `${channel.lcn} ${channel.name}`,
  }));
  const set = (index: number, item: TItemDraft) =>
    onChange(items.map((old, i) => (i === index ? item : old)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    onChange(next);
  };
  return (
    <div className="space-y-2">
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">No items: boxes given this variant get no rail.</p>
      ) : null}
      <ol className="space-y-2">
        {items.map((item, index) => {
          const name = `${label} item ${index + 1}`;
          const at = `${path}.${index}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are positions being reordered and edited
            <li key={index} aria-label={name} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 flex items-center justify-between gap-2">
                <span className="text-sm font-medium text-slate-800">
                  {index + 1}. {item.type === 'channel' ? 'Channel' : 'Promotion'}
                </span>
                <span className="flex gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={disabled || index === 0}
                    aria-label={`Move ${name} up`}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={disabled || index === items.length - 1}
                    aria-label={`Move ${name} down`}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={disabled}
                    aria-label={`Remove ${name}`}
                    onClick={() => onChange(items.filter((_, i) => i !== index))}
                  >
                    Remove
                  </Button>
                </span>
              </div>
              {item.type === 'channel' ? (
                <SelectField
                  label={`${name} channel`}
                  options={channelOptions}
                  value={item.channelId}
                  disabled={disabled}
                  error={errors[`${at}.channelId`]}
                  onChange={(event) => set(index, { ...item, channelId: event.target.value })}
                />
              ) : (
                <div className="grid gap-3 sm:grid-cols-2">
                  <TextField
                    label={`${name} title`}
                    value={item.title}
                    disabled={disabled}
                    error={errors[`${at}.title`]}
                    onChange={(event) => set(index, { ...item, title: event.target.value })}
                  />
                  <TextField
                    label={`${name} id`}
                    value={item.id}
                    disabled={disabled}
                    hint="Boxes report clicks by it"
                    error={errors[`${at}.id`]}
                    onChange={(event) => set(index, { ...item, id: event.target.value })}
                  />
                  <TextField
                    label={`${name} image URL`}
                    value={item.imageUrl}
                    disabled={disabled}
                    className="sm:col-span-2"
                    error={errors[`${at}.imageUrl`]}
                    onChange={(event) => set(index, { ...item, imageUrl: event.target.value })}
                  />
                  <SelectField
                    label={`${name} opens`}
                    options={TARGET_OPTIONS}
                    value={item.targetType}
                    disabled={disabled}
                    onChange={(event) =>
                      set(index, { ...item, targetType: event.target.value === 'link' ? 'link' : 'channel' })
                    }
                  />
                  {item.targetType === 'channel' ? (
                    <SelectField
                      label={`${name} target channel`}
                      options={channelOptions}
                      value={item.targetChannelId}
                      disabled={disabled}
                      error={errors[`${at}.target.channelId`]}
                      onChange={(event) => set(index, { ...item, targetChannelId: event.target.value })}
                    />
                  ) : (
                    <TextField
                      label={`${name} target URL`}
                      value={item.targetUrl}
                      disabled={disabled}
                      hint="https://… or keten://…"
                      error={errors[`${at}.target.url`]}
                      onChange={(event) => set(index, { ...item, targetUrl: event.target.value })}
                    />
                  )}
                  <DateTimeField
                    label={`${name} valid from`}
                    value={item.validFrom}
                    disabled={disabled}
                    hint="Empty: from now"
                    error={errors[`${at}.validFrom`]}
                    onValueChange={(value) => set(index, { ...item, validFrom: value })}
                  />
                  <DateTimeField
                    label={`${name} valid to`}
                    value={item.validTo}
                    disabled={disabled}
                    hint="Empty: no end"
                    error={errors[`${at}.validTo`]}
                    onValueChange={(value) => set(index, { ...item, validTo: value })}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={disabled || channels.length === 0}
          onClick={() => onChange([...items, { type: 'channel', channelId: channels[0]?.id ?? '' }])}
        >
          Add channel
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={disabled}
          onClick={() =>
            onChange([
              ...items,
              {
                type: 'promotion',
                id: nextPromotionId(items),
                title: '',
                imageUrl: '',
                targetType: 'link',
                targetChannelId: channels[0]?.id ?? '',
                targetUrl: '',
                validFrom: '',
                validTo: '',
              },
            ])
          }
        >
          Add promotion
        </Button>
      </div>
    </div>
  );
}
