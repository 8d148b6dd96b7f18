// The kinds this API server decodes with a shape, as Kubernetes' scheme knows them: each
// registered resource's own (its definition names it) and those of the kinds handlers serve
// without storing them (the reviews, TokenRequest). A protobuf body names its kind in its
// envelope, and a kind outside the scheme is refused as kube-apiserver refuses it.

import type { MessageShape } from '../../api/serialize/shape-kit.js';
import { definitions } from '../registry/registry.js';
import { reviewShapes } from './reviews-decode.js';

const byKind = new Map<string, MessageShape>([
  ...definitions.flatMap((d) => (d.shape ? [[d.kind, d.shape] as const] : [])),
  ...Object.entries(reviewShapes),
]);

/** The shape of `kind`, if the scheme has one. */
export function shapeOfKind(kind: string): MessageShape | undefined {
  return byKind.get(kind);
}
