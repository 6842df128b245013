import { ROLE_LABELS, ROLES } from '@keten/contracts';
import type { SelectOption } from '@keten/ui';

export const ROLE_OPTIONS: SelectOption[] = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
