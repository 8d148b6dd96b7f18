// The field shapes of the authorization.k8s.io/v1 reviews, which handlers answer without storing
// them: SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview.
// Mirrors k8s.io/api/authorization/v1 generated.proto.

import { extraMap, f, kindShape, list, msg, selectorRequirement, type FieldShape, type MessageShape } from '../serialize/shape-kit.js';

/** The attributes every access review's spec asks about (SelfSubjectAccessReviewSpec's fields). */
const accessAttributes: FieldShape[] = [
  f('resourceAttributes', 1, msg('ResourceAttributes', [
    f('namespace', 1, 'string'), f('verb', 2, 'string'), f('group', 3, 'string'), f('version', 4, 'string'),
    f('resource', 5, 'string'), f('subresource', 6, 'string'), f('name', 7, 'string'),
    f('fieldSelector', 8, msg('FieldSelectorAttributes', [f('rawSelector', 1, 'string'), list('requirements', 2, selectorRequirement('FieldSelectorRequirement'))])),
    f('labelSelector', 9, msg('LabelSelectorAttributes', [f('rawSelector', 1, 'string'), list('requirements', 2, selectorRequirement('LabelSelectorRequirement'))])),
  ]), { presence: true }),
  f('nonResourceAttributes', 2, msg('NonResourceAttributes', [f('path', 1, 'string'), f('verb', 2, 'string')]), { presence: true }),
];

const accessReviewStatus = f('status', 3, msg('SubjectAccessReviewStatus', [
  f('allowed', 1, 'bool'), f('denied', 4, 'bool'), f('reason', 2, 'string'), f('evaluationError', 3, 'string'),
]));

/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
export const selfSubjectAccessReviewShape = kindShape('SelfSubjectAccessReview', [
  f('spec', 2, msg('SelfSubjectAccessReviewSpec', accessAttributes)),
  accessReviewStatus,
]);

/** authorization.k8s.io/v1 SubjectAccessReview (LocalSubjectAccessReview has the same fields). */
const subjectAccessReview = (go: string): MessageShape => kindShape(go, [
  f('spec', 2, msg('SubjectAccessReviewSpec', [
    ...accessAttributes, f('user', 3, 'string'), list('groups', 4, 'string'), f('extra', 5, extraMap), f('uid', 6, 'string'),
  ])),
  accessReviewStatus,
]);

/** authorization.k8s.io/v1 SubjectAccessReview. */
export const subjectAccessReviewShape = subjectAccessReview('SubjectAccessReview');
/** authorization.k8s.io/v1 LocalSubjectAccessReview. */
export const localSubjectAccessReviewShape = subjectAccessReview('LocalSubjectAccessReview');

/** authorization.k8s.io/v1 SelfSubjectRulesReview. */
export const selfSubjectRulesReviewShape = kindShape('SelfSubjectRulesReview', [
  f('spec', 2, msg('SelfSubjectRulesReviewSpec', [f('namespace', 1, 'string')])),
  f('status', 3, msg('SubjectRulesReviewStatus', [
    list('resourceRules', 1, msg('ResourceRule', [list('verbs', 1, 'string'), list('apiGroups', 2, 'string'), list('resources', 3, 'string'), list('resourceNames', 4, 'string')])),
    list('nonResourceRules', 2, msg('NonResourceRule', [list('verbs', 1, 'string'), list('nonResourceURLs', 2, 'string')])),
    f('incomplete', 3, 'bool'), f('evaluationError', 4, 'string'),
  ])),
]);
