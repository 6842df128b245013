import { ROLES, type TRole } from '@keten/contracts';

const EDITORS: readonly TRole[] = ['ADMIN', 'CONTENT'];

/** Who may call each schedule.* procedure, by design (read by the role matrix test): all read, content edits. */
export const SCHEDULE_ACCESS: Record<string, readonly TRole[]> = {
  'schedule.channels': ROLES,
  'schedule.day': ROLES,
  'schedule.grid': ROLES,
  'schedule.create': EDITORS,
  'schedule.update': EDITORS,
  'schedule.move': EDITORS,
  'schedule.delete': EDITORS,
  'schedule.importXmltv': EDITORS,
  'schedule.exportXmltv': ROLES,
  'schedule.windows.list': ROLES,
  'schedule.windows.create': EDITORS,
  'schedule.windows.delete': EDITORS,
};
