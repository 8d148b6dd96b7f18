// Cells shared by every resource's Table.

import { ageSince } from '../../api/meta.js';

/** The AGE cell: time since `timestamp`, as kubectl shows it. */
export function ageCell(timestamp: string | null | undefined, now: Date): string {
  return ageSince(timestamp, now);
}
