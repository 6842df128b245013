import type { TRole } from '@keten/contracts';

/** Who may call each steering.* procedure, by design (read by the role matrix test). */
export const STEERING_ACCESS: Record<string, readonly TRole[]> = {
  // The NOC sees which edges are avoided and why, and avoids or returns one by hand.
  'steering.view': ['ADMIN', 'NOC'],
  'steering.avoid': ['ADMIN', 'NOC'],
  'steering.returnNow': ['ADMIN', 'NOC'],
  // Base URL, weight and rule decide where boxes fetch media: administrators, who own the edges.
  'steering.update': ['ADMIN'],
};
