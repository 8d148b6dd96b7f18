// Whether one PolicyRule allows a request. Mirrors kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
// (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches) and
// plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows).

import type { Attributes } from '../authorizer.js';
import type { PolicyRule } from '../../../api/rbac/types.js';

/** The wildcard of every rule field. */
export const all = '*';

/** Whether the rule's verbs include `verb`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs ?? []) if (v === all || v === verb) return true;
  return false;
}

/** Whether the rule's apiGroups include `group`. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups ?? []) if (g === all || g === group) return true;
  return false;
}

/**
 * Whether the rule's resources include `combined` (`resource` or `resource/subresource`);
 * `*` matches everything and `*​/sub` any resource's `sub`.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === all || r === combined) return true;
    if (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** Whether the rule names no resources, or names `name`. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Whether the rule's nonResourceURLs include `path` (`*` and a trailing `*` as a prefix match). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === all || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** Whether `rule` allows the request described by `a`. */
export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.isResourceRequest) {
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup) && resourceMatches(rule, combined, a.subresource) && resourceNameMatches(rule, a.name);
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}
