import {
  type TChannelCreateInput,
  type TChannelState,
  type TGenre,
  type TSourceProtocol,
  ZChannelCreateSchema,
} from '@keten/contracts';
import type { TChannelDetail } from './types';

export interface TSourceDraft {
  /** React key: stays with the row while it moves. */
  key: string;
  id?: string;
  protocol: TSourceProtocol;
  url: string;
  enabled: boolean;
  health?: string;
  onAir?: boolean;
}

export interface TChannelDraft {
  lcn: string;
  name: string;
  slug: string;
  genre: TGenre;
  language: string;
  state: TChannelState;
  sources: TSourceDraft[];
  /** The encoding profile chosen in the form ('' = none); only its version is saved. */
  profileId: string;
  /** The pinned ladder ('' = none yet). */
  encodingProfileVersionId: string;
}

let nextKey = 0;
export const newSource = (protocol: TSourceProtocol = 'UDP'): TSourceDraft => ({
  key: `new-${nextKey++}`,
  protocol,
  url: '',
  enabled: true,
});

export function draftOf(channel?: TChannelDetail): TChannelDraft {
  if (!channel) {
    return {
      lcn: '',
      name: '',
      slug: '',
      genre: 'GENERAL',
      language: 'nl',
      state: 'DRAFT',
      sources: [newSource()],
      profileId: '',
      encodingProfileVersionId: '',
    };
  }
  return {
    lcn: String(channel.lcn),
    name: channel.name,
    slug: channel.slug,
    genre: channel.genre,
    language: channel.language,
    state: channel.state,
    sources: channel.sources.map((s) => ({
      key: s.id,
      id: s.id,
      protocol: s.protocol,
      url: s.url,
      enabled: s.enabled,
      health: s.health,
      onAir: s.id === channel.onAirSourceId,
    })),
    profileId: channel.encodingProfileVersion?.profile.id ?? '',
    encodingProfileVersionId: channel.encodingProfileVersion?.id ?? '',
  };
}

export function inputOf(draft: TChannelDraft): TChannelCreateInput {
  return {
    lcn: draft.lcn.trim() === '' ? Number.NaN : Number(draft.lcn),
    name: draft.name,
    slug: draft.slug.trim() || undefined,
    genre: draft.genre,
    language: draft.language,
    state: draft.state,
    sources: draft.sources.map(({ id, protocol, url, enabled }) => ({ id, protocol, url, enabled })),
    encodingProfileVersionId: draft.encodingProfileVersionId || null,
  };
}

/** An edit leaves the state alone: state changes go through their own confirmed actions. */
export function updateInputOf(id: string, draft: TChannelDraft, confirmIncompatible?: boolean) {
  const { state: _state, ...fields } = inputOf(draft);
  return { id, ...fields, confirmIncompatible };
}

/** The same schema the API parses with: messages keyed by dotted path ("sources.1.url"), as the API sends them. */
export function validateDraft(draft: TChannelDraft): Record<string, string> {
  const parsed = ZChannelCreateSchema.safeParse(inputOf(draft));
  const errors: Record<string, string> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.');
    const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    errors[key] ??= message;
  }
  return errors;
}
