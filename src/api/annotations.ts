// Annotations and labels with a meaning to signet.

/**
 * On a ServiceAccount: the groups (comma-separated) its user may put into certificate requests.
 * The account's user may read it; the policy approver honours it (`organizations:
 * serviceAccountGroups`); `signet request` uses it when no --group is given.
 */
export const allowedGroupsAnnotation = 'signet.dev/groups';

/** On objects signet's tools create and manage (`signet user add`, trust bundles). */
export const managedByLabel = { 'app.kubernetes.io/managed-by': 'signet' } as const;

/** The groups of an allowedGroupsAnnotation value. */
export function parseAllowedGroups(value: string | undefined): string[] {
  return (value ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
}
