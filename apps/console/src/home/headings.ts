import type { TRole } from '@keten/contracts';

/** Each role's home opens with its own heading: the first thing an operator checks after signing in. */
export const HOME_HEADINGS: Record<TRole, { title: string; description: string }> = {
  NOC: {
    title: 'Network operations',
    description:
      'The fleet, the channels on air and live QoE: the last hour of plays and the worst box model, firmware and channel now; firing alerts are under the bell and on the Alerts page.',
  },
  CONTENT: {
    title: 'Content',
    description: 'Channels, their schedule, encoding profiles and packages.',
  },
  SUPPORT: {
    title: 'Support',
    description: 'Subscribers and their boxes, from account to the last session.',
  },
  PRODUCT: {
    title: 'Product',
    description: 'Box models, firmware and the rollouts that carry them to the fleet.',
  },
  ADMIN: {
    title: 'Administration',
    description: 'Operator accounts, roles and the audit trail of every change.',
  },
};
