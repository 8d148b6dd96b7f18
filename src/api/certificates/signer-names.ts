// The well-known signer names and what Kubernetes says about them.
// Mirrors `k8s.io/api/certificates/v1/types.go` (signer constants) and `pkg/apis/certificates/helpers.go`.

/** Client certificates for kube-apiserver; never auto-approved. */
export const kubeApiServerClientSignerName = 'kubernetes.io/kube-apiserver-client';
/** Client certificates kubelets use against kube-apiserver; may be auto-approved. */
export const kubeApiServerClientKubeletSignerName = 'kubernetes.io/kube-apiserver-client-kubelet';
/** Serving certificates for kubelets; never auto-approved in-tree. */
export const kubeletServingSignerName = 'kubernetes.io/kubelet-serving';
/**
 * The signer v1beta1 defaulted to when it could not recognise a request. v1 refuses it on create
 * ("the legacy signerName is not allowed via this API version") but keeps accepting updates of
 * objects that already carry it, so data written through v1beta1 stays writable.
 */
export const legacyUnknownSignerName = 'kubernetes.io/legacy-unknown';

/** The signers kube-controller-manager implements, in its documentation order. */
export const wellKnownSignerNames: readonly string[] = [
  kubeApiServerClientSignerName,
  kubeApiServerClientKubeletSignerName,
  kubeletServingSignerName,
  legacyUnknownSignerName,
];

/** Whether `name` is one of the four in-tree signers. */
export function isWellKnownSignerName(name: string): boolean {
  return wellKnownSignerNames.includes(name);
}

/** The part before the first `/` (`kubernetes.io` for `kubernetes.io/kubelet-serving`). */
export function signerDomain(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/**
 * Whether the name is reserved for the Kubernetes project: its domain is `kubernetes.io` or ends in
 * `.kubernetes.io`. Nothing forbids CSRs for unknown names in that domain; this only tells a signer
 * whether a name is its business.
 */
export function isKubernetesSignerName(name: string): boolean {
  const domain = signerDomain(name);
  return domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io');
}

/**
 * The `signers` resource names an authorizer is asked about for `name`, in order: the exact name,
 * then `<domain>/*` (pkg/certauthorization).
 */
export function signerAuthorizationNames(name: string): [string, string] {
  return [name, `${signerDomain(name)}/*`];
}
