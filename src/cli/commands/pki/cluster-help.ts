// Flags and usage text of `signet pki cluster`, apart from the command so that help and the
// command list load without the YAML parser.

import { formatFlagHelp, type FlagSpec } from '../../flags.js';

/** The command's flags. */
export const clusterFlags: Record<string, FlagSpec> = {
  out: { value: 'DIR', help: 'directory for the files (default: the current directory)' },
};

const specs = clusterFlags;

/** Usage text. */
export const clusterHelp = `Usage: signet pki cluster [--out DIR] CLUSTER.yaml

Provisions a whole cluster's certificates (Kubernetes the Hard Way layout) from one YAML file:
ca, admin, each worker, kube-controller-manager, kube-proxy, kube-scheduler, kubernetes
(the API server, with every SAN it needs) and service-account, as NAME.pem, NAME-key.pem and
NAME.csr, plus NAME.kubeconfig for admin, each worker and each component.

Example CLUSTER.yaml:
  clusterName: kubernetes-the-hard-way
  apiServer:
    publicAddress: 203.0.113.10          # kubelets and kube-proxy connect here
    addresses: [10.240.0.10, 10.240.0.11, 10.240.0.12]
  serviceIP: 10.32.0.1
  workers:
    - name: worker-0
      addresses: [10.240.0.20, 198.51.100.20]
  validity: 8760h                         # optional, per certificate
  key: {algo: rsa, size: 2048}            # optional
  names: {C: US, L: Portland, ST: Oregon, OU: Kubernetes The Hard Way}   # optional

${formatFlagHelp(specs)}`;

