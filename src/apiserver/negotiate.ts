// Content negotiation: which response form a client asked for, and what its body is.
// kubectl asks for Tables on human-readable `get`, aggregated discovery on /api and /apis,
// and sends protobuf bodies from its typed clients (kubectl-wire.md §3).

/** The media types signet answers with. */
export const MediaType = {
  json: 'application/json',
  yaml: 'application/yaml',
  protobuf: 'application/vnd.kubernetes.protobuf',
  mergePatch: 'application/merge-patch+json',
  strategicMergePatch: 'application/strategic-merge-patch+json',
  jsonPatch: 'application/json-patch+json',
  applyPatch: 'application/apply-patch+yaml',
} as const;

/** One entry of an Accept header with its parameters. */
export interface AcceptEntry {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses an Accept header, in the client's order (q-values are not used by Kubernetes clients). */
export function parseAccept(header: string | undefined): AcceptEntry[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const eq = kv.indexOf('=');
      if (eq > 0) p[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params: p };
  });
}

/** Whether the client wants a meta.k8s.io Table (server-side printing). */
export function wantsTable(accept: readonly AcceptEntry[]): boolean {
  for (const a of accept) {
    if (a.params['as'] === 'Table' && a.params['g'] === 'meta.k8s.io') return true;
    if (a.type === MediaType.json || a.type === '*/*') return false;
  }
  return false;
}

/** Whether the client asked for aggregated discovery, and which version. */
export function wantsAggregatedDiscovery(accept: readonly AcceptEntry[]): 'v2' | 'v2beta1' | undefined {
  for (const a of accept) {
    if (a.params['as'] === 'APIGroupDiscoveryList' && a.params['g'] === 'apidiscovery.k8s.io') {
      if (a.params['v'] === 'v2' || a.params['v'] === 'v2beta1') return a.params['v'];
    }
    if (a.type === MediaType.json) return undefined;
  }
  return undefined;
}

/** Whether a YAML response was asked for (and JSON not preferred). */
export function wantsYaml(accept: readonly AcceptEntry[]): boolean {
  for (const a of accept) {
    if (a.type === MediaType.yaml) return true;
    if (a.type === MediaType.json || a.type === '*/*' || a.type === MediaType.protobuf) return false;
  }
  return false;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
