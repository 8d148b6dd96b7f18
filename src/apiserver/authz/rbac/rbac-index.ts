// The in-memory view of RBAC objects the authorizer reads: bindings indexed by subject, so that
// authorizing a request looks only at the bindings naming the user or one of its groups, never
// at all of them. Kept current by the registry's commit listeners (read-your-writes: a binding
// created by one request authorizes the next) after an initial load from the store.
// Mirrors the informer-backed listers of plugin/pkg/auth/authorizer/rbac/rbac.go and the
// aggregation of pkg/controller/clusterroleaggregation.

import type { PolicyRule, ClusterRole, Role, RoleBinding, RoleRef } from '../../../api/rbac/types.js';
import type { UserInfo } from '../../../api/types.js';
import type { ApiObject } from '../../registry/resource.js';
import type { ChangeEvent } from '../../registry/generic-store.js';
import { selectorMatches } from './selector.js';

/** One binding as the index keeps it. */
export interface BindingEntry {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** '' for ClusterRoleBindings. */
  readonly namespace: string;
  readonly roleRef: RoleRef;
  readonly subjectKeys: readonly string[];
}

/** The resource of a storage key under /registry/rbac.authorization.k8s.io/. */
type RbacResource = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

const prefix = '/registry/rbac.authorization.k8s.io/';

/** The serviceaccount username of `system:serviceaccount:NS:NAME`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The index keys a user matches: its name and each of its groups. */
export function userKeys(user: UserInfo): string[] {
  return [`u:${user.username}`, ...(user.groups ?? []).map((g) => `g:${g}`)];
}

function subjectKeysOf(b: RoleBinding, namespace: string): string[] {
  const keys: string[] = [];
  for (const s of b.subjects ?? []) {
    if (s.kind === 'User') keys.push(`u:${s.name}`);
    else if (s.kind === 'Group') keys.push(`g:${s.name}`);
    // A ServiceAccount subject without a namespace means the binding's own (appliesToUser).
    else if (s.kind === 'ServiceAccount') keys.push(`u:${serviceAccountUsername(s.namespace || namespace, s.name)}`);
  }
  return keys;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

/** RBAC objects in memory. */
export class RbacIndex {
  readonly #roles = new Map<string, PolicyRule[]>();
  readonly #clusterRoles = new Map<string, ClusterRole>();
  readonly #effective = new Map<string, PolicyRule[]>();
  readonly #bindings = new Map<string, BindingEntry>();
  readonly #clusterBySubject = new Map<string, Set<BindingEntry>>();
  readonly #nsBySubject = new Map<string, Map<string, Set<BindingEntry>>>();
  readonly #revisions = new Map<string, number>();
  /** Called after an aggregated ClusterRole's rules changed, so they can be written back. */
  onAggregated?: (name: string, rules: PolicyRule[]) => void;

  /** Applies a committed change (or an initially listed object as a put). */
  apply(e: ChangeEvent): void {
    if (!e.key.startsWith(prefix)) return;
    const seen = this.#revisions.get(e.key);
    if (seen !== undefined && seen >= e.revision) return;
    this.#revisions.set(e.key, e.revision);
    const [resource, ...rest] = e.key.slice(prefix.length).split('/');
    const namespace = rest.length === 2 ? rest[0]! : '';
    const name = rest[rest.length - 1]!;
    this.#change(resource as RbacResource, namespace, name, e.type === 'put' ? e.object : undefined);
  }

  #change(resource: RbacResource, namespace: string, name: string, obj: ApiObject | undefined): void {
    switch (resource) {
      case 'roles':
        if (obj) this.#roles.set(`${namespace}/${name}`, (obj as unknown as Role).rules ?? []);
        else this.#roles.delete(`${namespace}/${name}`);
        return;
      case 'clusterroles':
        if (obj) this.#clusterRoles.set(name, obj as unknown as ClusterRole);
        else this.#clusterRoles.delete(name);
        this.#reaggregate();
        return;
      case 'rolebindings':
      case 'clusterrolebindings':
        this.#setBinding(resource, namespace, name, obj as unknown as RoleBinding | undefined);
    }
  }

  #setBinding(resource: 'rolebindings' | 'clusterrolebindings', namespace: string, name: string, b: RoleBinding | undefined): void {
    const id = `${resource}/${namespace}/${name}`;
    const old = this.#bindings.get(id);
    if (old) {
      for (const k of old.subjectKeys) {
        if (resource === 'clusterrolebindings') this.#clusterBySubject.get(k)?.delete(old);
        else this.#nsBySubject.get(namespace)?.get(k)?.delete(old);
      }
      this.#bindings.delete(id);
    }
    if (!b) return;
    const entry: BindingEntry = {
      kind: resource === 'clusterrolebindings' ? 'ClusterRoleBinding' : 'RoleBinding', name, namespace, roleRef: b.roleRef, subjectKeys: subjectKeysOf(b, namespace),
    };
    this.#bindings.set(id, entry);
    for (const k of entry.subjectKeys) {
      if (resource === 'clusterrolebindings') addTo(this.#clusterBySubject, k, entry);
      else {
        let m = this.#nsBySubject.get(namespace);
        if (!m) this.#nsBySubject.set(namespace, (m = new Map()));
        addTo(m, k, entry);
      }
    }
  }

  /**
   * Recomputes every ClusterRole's effective rules: its own, or for an aggregated one the union of
   * the effective rules of the roles it selects (transitively, as the aggregation controller
   * converges to: `admin` picks up `edit`, which picks up `view`).
   */
  #reaggregate(): void {
    this.#effective.clear();
    const names = [...this.#clusterRoles.keys()].sort();
    const visiting = new Set<string>();
    const effectiveOf = (name: string): PolicyRule[] => {
      const done = this.#effective.get(name);
      if (done) return done;
      const cr = this.#clusterRoles.get(name)!;
      const selectors = cr.aggregationRule?.clusterRoleSelectors;
      if (!selectors || selectors.length === 0 || visiting.has(name)) return cr.rules ?? [];
      visiting.add(name);
      const seen = new Set<string>();
      const rules: PolicyRule[] = [];
      for (const other of names) {
        const o = this.#clusterRoles.get(other)!;
        if (other === name || !selectors.some((sel) => selectorMatches(sel, o.metadata.labels ?? {}))) continue;
        for (const r of effectiveOf(other)) {
          const k = JSON.stringify(r);
          if (!seen.has(k)) {
            seen.add(k);
            rules.push(r);
          }
        }
      }
      visiting.delete(name);
      this.#effective.set(name, rules);
      return rules;
    };
    for (const name of names) {
      const rules = effectiveOf(name);
      this.#effective.set(name, rules);
      const cr = this.#clusterRoles.get(name)!;
      if ((cr.aggregationRule?.clusterRoleSelectors ?? []).length > 0 && JSON.stringify(rules) !== JSON.stringify(cr.rules ?? [])) this.onAggregated?.(name, rules);
    }
  }

  /** The rules a role reference grants in `namespace`; undefined when the role does not exist. */
  roleRefRules(ref: RoleRef, namespace: string): PolicyRule[] | undefined {
    return ref.kind === 'ClusterRole' ? this.#effective.get(ref.name) : this.#roles.get(`${namespace}/${ref.name}`);
  }

  /**
   * Calls `visit` with each rule that applies to `user` in `namespace` (cluster-wide bindings
   * first, then the namespace's), stopping when it returns true (rbac.go's VisitRulesFor).
   */
  visitRulesFor(user: UserInfo, namespace: string, visit: (rule: PolicyRule, binding: BindingEntry) => boolean): boolean {
    const keys = userKeys(user);
    for (const k of keys) {
      for (const b of this.#clusterBySubject.get(k) ?? []) {
        for (const r of this.roleRefRules(b.roleRef, '') ?? []) if (visit(r, b)) return true;
      }
    }
    if (namespace === '') return false;
    const inNs = this.#nsBySubject.get(namespace);
    if (!inNs) return false;
    for (const k of keys) {
      for (const b of inNs.get(k) ?? []) {
        for (const r of this.roleRefRules(b.roleRef, namespace) ?? []) if (visit(r, b)) return true;
      }
    }
    return false;
  }

  /** Every rule that applies to `user` in `namespace` (RulesFor). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    const out: PolicyRule[] = [];
    this.visitRulesFor(user, namespace, (r) => {
      out.push(r);
      return false;
    });
    return out;
  }

  /** Number of bindings indexed (for diagnostics and tests). */
  get bindingCount(): number {
    return this.#bindings.size;
  }
}
