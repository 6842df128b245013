'use client';

import { SessionsCard } from '../qoe/sessions-card';

/** The boxes' playback sessions of the last 24 hours from the QoE store, on a timeline. */
export function TelemetryCard({ subscriberId }: { subscriberId: string }) {
  return <SessionsCard subscriberId={subscriberId} />;
}
