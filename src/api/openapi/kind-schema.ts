// The component schemas of a top-level kind and its list, in the abridged form signet publishes for
// the kinds it stores beside the Certificates API: the fields kubectl uses, descriptions shortened.
// Mirrors the layout kube-apiserver 1.32 gives every io.k8s.api.* kind and its <Kind>List.

import { LIST_META, OBJECT_META } from './meta-schemas.js';
import { array, gvkExtension, object, refField, refItem, typeMetaProperties, type KindSchema, type Schema, type SchemaMap } from './schema-kit.js';

const META_DOC = 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A kind as its schema describes it. */
interface KindDoc {
  /** The OpenAPI package (`io.k8s.api.core.v1`). */
  readonly pkg: string;
  readonly group: string;
  readonly kind: string;
  readonly description: string;
  /** Its fields besides apiVersion, kind and metadata. */
  readonly properties: Record<string, Schema>;
  readonly required?: readonly string[];
  /** Defaults to v1. */
  readonly version?: string;
  /** The components its properties refer to. */
  readonly components?: SchemaMap;
}

/** The schemas of `<pkg>.<kind>` and `<pkg>.<kind>List`, with the components they refer to. */
export function kindSchema(k: KindDoc): KindSchema {
  const tm = typeMetaProperties();
  const name = `${k.pkg}.${k.kind}`;
  const list = `${name}List`;
  return {
    object: name,
    list,
    components: {
      [name]: object(k.description, {
        apiVersion: tm.apiVersion!, kind: tm.kind!, metadata: refField(OBJECT_META, { default: {}, description: META_DOC }), ...k.properties,
      }, k.required ?? [], gvkExtension({ group: k.group, kind: k.kind, version: k.version ?? 'v1' })),
      [list]: object(`${k.kind}List is a list of ${k.kind} objects.`, {
        apiVersion: tm.apiVersion!, items: array(refItem(name), `Items is a list of ${k.kind} objects.`), kind: tm.kind!,
        metadata: refField(LIST_META, { default: {}, description: 'Standard list metadata.' }),
      }, ['items'], gvkExtension({ group: k.group, kind: `${k.kind}List`, version: k.version ?? 'v1' })),
      ...k.components,
    },
  };
}
