// Validation of Roles, ClusterRoles and their bindings, with Kubernetes' messages.
// Mirrors kubernetes pkg/apis/rbac/validation/validation.go.

import { child, index, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { isDns1123Subdomain, isQualifiedName, isValidLabelValue } from '../validation/names.js';
import { rbacGroup, type ClusterRole, type PolicyRule, type Role, type RoleBinding, type Subject } from './types.js';

function goStrings(values: readonly string[]): { goSyntax: string } {
  return { goSyntax: `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}` };
}

/** One rule's checks (validatePolicyRule). */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.verbs || rule.verbs.length === 0) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(child(path, 'nonResourceURLs'), goStrings(urls), 'namespaced rules cannot apply to non-resource URLs'));
    if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0 || (rule.resourceNames ?? []).length > 0) {
      errs.push(invalid(child(path, 'nonResourceURLs'), goStrings(urls), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(rules: readonly PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r ?? ({} as PolicyRule), namespaced, index('rules', i)));
}

/** A Role's own checks (metadata is checked by the generic store). */
export function validateRole(role: Role): FieldError[] {
  return validateRules(role.rules, true);
}

/** A ClusterRole's own checks, including its aggregation rule's selectors. */
export function validateClusterRole(role: ClusterRole): FieldError[] {
  const errs = validateRules(role.rules, false);
  const agg = role.aggregationRule;
  if (agg) {
    const selectors = agg.clusterRoleSelectors ?? [];
    if (selectors.length === 0) {
      errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    }
    selectors.forEach((s, i) => {
      const path = index('aggregationRule.clusterRoleSelectors', i);
      for (const [k, v] of Object.entries(s?.matchLabels ?? {})) {
        for (const m of isQualifiedName(k)) errs.push(invalid(child(path, 'matchLabels'), k, m));
        for (const m of isValidLabelValue(v)) errs.push(invalid(`${child(path, 'matchLabels')}[${k}]`, v, m));
      }
    });
  }
  return errs;
}

function validateSubject(s: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(required(child(path, 'name'), ''));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const m of isDns1123Subdomain(s.name)) errs.push(invalid(child(path, 'name'), s.name, m));
      if (s.apiGroup) errs.push(notSupported(child(path, 'apiGroup'), s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(child(path, 'namespace'), ''));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== rbacGroup) errs.push(notSupported(child(path, 'apiGroup'), s.apiGroup ?? '', [rbacGroup]));
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** A RoleBinding's or ClusterRoleBinding's own checks. */
export function validateRoleBinding(b: RoleBinding, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = b.roleRef ?? ({} as RoleBinding['roleRef']);
  if (ref.apiGroup !== rbacGroup) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name', ''));
  else if (ref.name.includes('/') || ref.name.includes('%') || ref.name === '.' || ref.name === '..') {
    errs.push(invalid('roleRef.name', ref.name, ref.name === '.' || ref.name === '..' ? `may not be '${ref.name}'` : `may not contain '${ref.name.includes('/') ? '/' : '%'}'`));
  }
  (b.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s ?? ({} as Subject), namespaced, index('subjects', i))));
  return errs;
}

/** Update: roleRef may not change. */
export function validateRoleBindingUpdate(b: RoleBinding, old: RoleBinding, namespaced: boolean): FieldError[] {
  const errs = validateRoleBinding(b, namespaced);
  const r = b.roleRef ?? ({} as RoleBinding['roleRef']);
  const o = old.roleRef;
  if (r.apiGroup !== o.apiGroup || r.kind !== o.kind || r.name !== o.name) {
    errs.push(invalid('roleRef', { goSyntax: `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}` }, 'cannot change roleRef'));
  }
  return errs;
}
