// Serves resource requests: finds the resource, checks the version, and runs the verb against
// the generic store, encoding the answer as the client asked (object, List, Table, watch).
// Create-only endpoints that store nothing (the review APIs, serviceaccounts/token) are answered
// before the registry is consulted.

import type { ResourceHandler } from '../server.js';
import type { ResourceRequest } from './resource-request.js';
import { newMethodNotAllowedForRoute, newMethodNotSupported, newNoRoute, newNotFound } from '../../api/errors.js';
import { registryKey, type Registry } from '../registry/registry.js';
import { handleGet, handleList } from './read.js';
import { handleWatch } from './watch.js';
import { handleCreate, handleUpdate, handlePatch } from './write.js';
import { handleDelete, handleDeleteCollection } from './delete.js';
import { handleReview, isReviewRequest } from './reviews.js';
import { handleTokenRequest, isTokenRequest } from './token-request.js';

const subresourceRouteVerbs: readonly string[] = ['get', 'update', 'patch'];

/** The handler for every resource request. */
export function resourceHandler(registry: Registry): ResourceHandler {
  return async (ctx) => {
    const { info } = ctx;
    if (isReviewRequest(ctx)) return handleReview(ctx);
    if (isTokenRequest(ctx)) return handleTokenRequest(ctx);
    const store = registry.get(registryKey(info.apiGroup, info.resource));
    const version = store?.def.versions.find((v) => v.version === info.apiVersion);
    if (!store || !version) throw newNoRoute();
    // RequestInfo sets namespace = name for /api/v1/namespaces/{name} (as kube-apiserver does, for RBAC), so a
    // Namespace is exempt from the scope check; the store ignores the namespace of cluster-scoped resources.
    const isNamespaceObject = info.apiGroup === '' && info.resource === 'namespaces';
    if (!isNamespaceObject && store.def.namespaced !== (info.namespace !== '') && !(store.def.namespaced && info.verb in { list: 1, watch: 1, deletecollection: 1 })) {
      throw newNotFound(store.def.groupResource, info.name);
    }
    // The routes kube-apiserver installs: the collection takes GET, POST and DELETE, an object
    // GET, PUT, PATCH and DELETE, a subresource GET, PUT and PATCH; another method on a route is
    // go-restful's 405 and a path without a route its 404.
    // (RequestInfo already made a GET or DELETE without a name a list, watch or deletecollection.)
    if (info.subresource && !store.def.subresources[info.subresource]) throw newNoRoute();
    // A resource that declares its verbs (a read-only ledger) has no routes for the others.
    if (!info.subresource && store.def.verbs && !store.def.verbs.includes(info.verb)) throw newMethodNotSupported(store.def.groupResource, info.verb);
    const noRoute = info.subresource
      ? !subresourceRouteVerbs.includes(info.verb)
      : (info.verb === 'create' && info.name !== '') || ((info.verb === 'update' || info.verb === 'patch') && info.name === '');
    if (noRoute) throw newMethodNotAllowedForRoute();
    const apiVersion = info.apiGroup ? `${info.apiGroup}/${info.apiVersion}` : info.apiVersion;
    const r: ResourceRequest = { ctx, store, version, apiVersion };
    switch (info.verb) {
      case 'get':
        return handleGet(r);
      case 'list':
        return handleList(r);
      case 'watch':
        return handleWatch(r);
      case 'create':
        return handleCreate(r);
      case 'update':
        return handleUpdate(r);
      case 'patch':
        return handlePatch(r);
      case 'delete':
        return handleDelete(r);
      case 'deletecollection':
        return handleDeleteCollection(r);
      default:
        throw newMethodNotSupported(store.def.groupResource, info.verb);
    }
  };
}
