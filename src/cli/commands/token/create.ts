// `signet token create`: a bootstrap token for joining nodes, as `kubeadm token create` makes
// one: a Secret in kube-system, plus the bindings that let bootstrap tokens request node client
// certificates and have them approved automatically.

import { randomInt } from 'node:crypto';
import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { RestClient } from '../../../controllers/rest-client.js';
import { StatusError } from '../../../api/errors.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { defaultKubeconfigPath, readKubeconfig } from '../../kubeconfig.js';
import { formatTime } from '../../../api/meta.js';

const specs: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'admin credentials (default $KUBECONFIG, then ~/.kube/config)' },
  ttl: { value: 'DURATION', help: 'how long the token is valid (default 24h)' },
  groups: { value: 'LIST', help: 'extra groups, comma-separated (default system:bootstrappers:kubeadm:default-node-token)' },
  description: { value: 'TEXT', help: 'what the token is for' },
};

/** Usage text. */
export const tokenCreateHelp = `Usage: signet token create [--ttl 24h] [--groups G1,G2] [--kubeconfig FILE]

Creates a bootstrap token and prints it as ID.SECRET, for 'signet node join --token'.

${formatFlagHelp(specs)}`;

const defaultGroup = 'system:bootstrappers:kubeadm:default-node-token';
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (n: number): string => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The bindings kubeadm creates for node bootstrap, by name. */
function bootstrapBindings(group: string): { name: string; role: string; subject: { kind: string; name: string } }[] {
  return [
    { name: 'kubeadm:kubelet-bootstrap', role: 'system:node-bootstrapper', subject: { kind: 'Group', name: group } },
    { name: 'kubeadm:node-autoapprove-bootstrap', role: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', subject: { kind: 'Group', name: group } },
    { name: 'kubeadm:node-autoapprove-certificate-rotation', role: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', subject: { kind: 'Group', name: 'system:nodes' } },
  ];
}

/** Creates the object unless it exists. */
async function ensure(client: RestClient, path: string, body: unknown): Promise<void> {
  try {
    await client.call('POST', path, body);
  } catch (err) {
    if (!(err instanceof StatusError && err.status.code === 409)) throw err;
  }
}

/** Runs the command. */
export async function tokenCreate(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet token create');
  const ttlMs = parseGoDuration(flag(parsed, 'ttl') ?? '24h', '--ttl');
  if (ttlMs <= 0) throw new CliError('--ttl must be positive');
  const groups = (flag(parsed, 'groups') ?? defaultGroup).split(',').map((g) => g.trim()).filter((g) => g !== '');
  const bad = groups.find((g) => !g.startsWith('system:bootstrappers:'));
  if (bad) throw new CliError(`--groups: "${bad}" must start with system:bootstrappers: (as Kubernetes requires of bootstrap token groups)`);
  const rest = readKubeconfig(flag(parsed, 'kubeconfig') ?? defaultKubeconfigPath());
  const client = new RestClient({ ...rest, userAgent: 'signet-token' });
  const id = randomText(6);
  const secret = randomText(16);
  try {
    await client.call('POST', '/api/v1/namespaces/kube-system/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'token-id': b64(id),
        'token-secret': b64(secret),
        expiration: b64(formatTime(new Date(Date.now() + ttlMs))),
        'usage-bootstrap-authentication': b64('true'),
        'usage-bootstrap-signing': b64('true'),
        'auth-extra-groups': b64(groups.join(',')),
        ...(flag(parsed, 'description') ? { description: b64(flag(parsed, 'description')!) } : {}),
      },
    });
    for (const g of groups) {
      for (const b of bootstrapBindings(g)) {
        await ensure(client, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: g === defaultGroup ? b.name : `${b.name}:${g}` },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.role },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...b.subject }],
        });
      }
    }
  } catch (err) {
    if (err instanceof StatusError) throw new CliError(`the server refused: ${err.status.message}`);
    throw err;
  } finally {
    client.close();
  }
  stdout(`${id}.${secret}\n`);
  return 0;
}
