import type { TFirmwareModel } from '../firmware/types';

export interface TFirmwareChoice {
  value: string;
  label: string;
  /** The version a rollback returns to: the model's newest release before this one (what the API picks). */
  rollbackTo: string | null;
}

/** Firmware that can be rolled out (it has an image), newest first per model, with the version a rollback restores. */
export function firmwareChoices(models: readonly TFirmwareModel[]): TFirmwareChoice[] {
  return models.flatMap((model) =>
    model.versions
      .filter((version) => version.imageUrl && version.sha256 && version.sizeBytes !== null)
      .map((version) => {
        const released = new Date(version.releasedAt).getTime();
        const previous = model.versions
          .filter((other) => other.id !== version.id && new Date(other.releasedAt).getTime() < released)
          .sort((a, b) => new Date(b.releasedAt).getTime() - new Date(a.releasedAt).getTime())[0];
        return {
          value: version.id,
          label: `${model.vendor} ${model.name} — ${version.version}`,
          rollbackTo: previous?.version ?? null,
        };
      }),
  );
}
