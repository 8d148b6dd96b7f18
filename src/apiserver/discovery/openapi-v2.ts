// /openapi/v2, the Swagger 2.0 document kubectl falls back to for client-side validation. kubectl
// 1.32 asks for it only where the v3 documents cannot answer, and for one case they never can: a
// `kind: List` manifest (create, apply or replace -f of `kubectl get -o yaml` output), whose GVK the
// v3 verifier treats as having no server-side validation. It then validates the items against
// v2's definitions, skipping kinds it finds none for, and sends each item with the same
// fieldValidation, so the server still checks every field. Served without definitions, so
// nothing is described twice: the schemas live in the v3 documents.
// The protobuf form is gnostic's openapi_v2.Document (swagger = 1, info = 2; Info: title = 1, version = 2).

/**
 * The v2 document's protobuf media type as kube-openapi answers it. kubectl asks with an `@` in
 * place of the last dot, an older spelling Go's mime package cannot parse in a reply.
 */
export const CONTENT_TYPE_OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** Whether an Accept header asks for the protobuf form, in either spelling. */
export function acceptsOpenApiV2Protobuf(accept: string | undefined): boolean {
  return accept !== undefined && /com\.github\.proto-openapi\.spec\.v2[.@]v1\.0\+protobuf/.test(accept);
}

function field(num: number, bytes: Uint8Array): Buffer {
  if (bytes.length > 127) throw new Error('openapi v2: field too long for a one-byte length');
  return Buffer.concat([Buffer.from([(num << 3) | 2, bytes.length]), bytes]);
}

/** The document in protobuf and in JSON. */
export function buildOpenApiV2(gitVersion: string): { protobuf: Buffer; json: string } {
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from(gitVersion))]);
  return {
    protobuf: Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]),
    json: JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: gitVersion }, paths: {}, definitions: {} }),
  };
}
