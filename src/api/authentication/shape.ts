// The field shapes of the authentication.k8s.io/v1 kinds handlers serve without storing them:
// TokenRequest (serviceaccounts/token), SelfSubjectReview and TokenReview.
// Mirrors k8s.io/api/authentication/v1 generated.proto.

import { extraMap, f, kindShape, list, msg } from '../serialize/shape-kit.js';

/** authentication.k8s.io/v1 TokenRequest. */
export const tokenRequestShape = kindShape('TokenRequest', [
  f('spec', 2, msg('TokenRequestSpec', [
    list('audiences', 1, 'string'), f('expirationSeconds', 4, 'int64', { presence: true }),
    f('boundObjectRef', 3, msg('BoundObjectReference', [f('kind', 1, 'string'), f('apiVersion', 2, 'string'), f('name', 3, 'string'), f('uid', 4, 'string')])),
  ])),
  f('status', 3, msg('TokenRequestStatus', [f('token', 1, 'string'), f('expirationTimestamp', 2, 'time')])),
]);

const userInfo = msg('UserInfo', [f('username', 1, 'string'), f('uid', 2, 'string'), list('groups', 3, 'string'), f('extra', 4, extraMap)]);

/** authentication.k8s.io/v1 SelfSubjectReview. */
export const selfSubjectReviewShape = kindShape('SelfSubjectReview', [f('status', 2, msg('SelfSubjectReviewStatus', [f('userInfo', 1, userInfo)]))]);

/** authentication.k8s.io/v1 TokenReview. */
export const tokenReviewShape = kindShape('TokenReview', [
  f('spec', 2, msg('TokenReviewSpec', [f('token', 1, 'string'), list('audiences', 2, 'string')])),
  f('status', 3, msg('TokenReviewStatus', [f('authenticated', 1, 'bool'), f('user', 2, userInfo), list('audiences', 4, 'string'), f('error', 3, 'string')])),
]);
