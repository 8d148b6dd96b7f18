// `signet user add|list|remove`: seed 001's whole per-user setup in one command — a namespace,
// a ServiceAccount that says which groups the user may ask for, a ClusterRole and binding that
// let the user create certificate requests and read only the one named user=NAME — and a
// kubeconfig with the account's token to start from.

import { formatFlagHelp, flag, flagAll, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { writeAll } from '../../files.js';
import { defaultKubeconfigPath, readKubeconfig, renderKubeconfig } from '../../kubeconfig.js';
import { RestClient } from '../../../controllers/rest-client.js';
import { StatusError } from '../../../api/errors.js';
import { allowedGroupsAnnotation, managedByLabel, parseAllowedGroups } from '../../../api/annotations.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';

const common: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'admin credentials (default $KUBECONFIG, then ~/.kube/config)' },
  namespace: { value: 'NS', help: 'namespace of the users\' accounts (default users)' },
};
const addSpecs: Record<string, FlagSpec> = {
  ...common,
  group: { value: 'GROUP', repeat: true, help: 'a group the user may request (repeatable)' },
  'token-ttl': { value: 'DURATION', help: 'lifetime of the token in the kubeconfig (default 24h)' },
  o: { value: 'FILE', help: 'where to write the user\'s kubeconfig (default NAME.kubeconfig)' },
};

/** Usage text. */
export const userManageHelp = `Usage: signet user add NAME [--group G]... [--namespace users] [-o FILE]
       signet user list [--namespace users]
       signet user remove NAME [--namespace users]

add: namespace, ServiceAccount NAME (annotated with the groups NAME may request), ClusterRole and
ClusterRoleBinding user=NAME (create CSRs; read and delete only the CSR user=NAME), and a
kubeconfig with the account's token, for 'signet request' or 'signet user kubeconfig'.
remove: deletes the account and its role and binding (its tokens stop working at once).

${formatFlagHelp(addSpecs)}`;

const rbac = '/apis/rbac.authorization.k8s.io/v1';

function clientFor(path: string | undefined): { client: RestClient; server: string; caPem: string } {
  const rest = readKubeconfig(path ?? defaultKubeconfigPath());
  return { client: new RestClient({ ...rest, userAgent: 'signet-user' }), server: rest.server, caPem: rest.caPem ?? '' };
}

async function createOrKeep(client: RestClient, path: string, body: unknown): Promise<void> {
  try {
    await client.call('POST', path, body);
  } catch (err) {
    if (!(err instanceof StatusError && err.status.code === 409)) throw err;
  }
}

function refused(err: unknown): unknown {
  return err instanceof StatusError ? new CliError(`the server refused: ${err.status.message}`) : err;
}

/** The ClusterRole of one user: create requests, and read, watch and delete only its own. */
function userRole(name: string, namespace: string): unknown {
  const csr = { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'] };
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: `user=${name}`, labels: managedByLabel, annotations: { 'signet.dev/namespace': namespace } },
    rules: [
      { ...csr, verbs: ['create'] },
      { ...csr, resourceNames: [`user=${name}`], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['serviceaccounts'], resourceNames: [name], verbs: ['get'] },
    ],
  };
}

async function add(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, addSpecs, 'signet user add');
  const [name, ...extra] = parsed.args;
  if (!name || extra.length) throw new CliError('signet user add: expected one NAME (see --help)');
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) throw new CliError(`signet user add: "${name}" is not a valid account name (lowercase letters, digits, '-' and '.')`);
  const ns = flag(parsed, 'namespace') ?? 'users';
  const { client, server, caPem } = clientFor(flag(parsed, 'kubeconfig'));
  try {
    await createOrKeep(client, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const groups = flagAll(parsed, 'group');
    try {
      await client.call('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, {
        apiVersion: 'v1', kind: 'ServiceAccount',
        metadata: { name, namespace: ns, labels: managedByLabel, annotations: { [allowedGroupsAnnotation]: groups.join(',') } },
      });
    } catch (err) {
      if (err instanceof StatusError && err.status.code === 409) throw new CliError(`user ${name} already exists in namespace ${ns}`);
      throw err;
    }
    await createOrKeep(client, `${rbac}/clusterroles`, userRole(name, ns));
    await createOrKeep(client, `${rbac}/clusterrolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
      metadata: { name: `user=${name}`, labels: managedByLabel },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `user=${name}` },
      // The account (its token) and the certificate identity it obtains (for renewals).
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }, { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name }],
    });
    const seconds = Math.round(parseGoDuration(flag(parsed, 'token-ttl') ?? '24h', '--token-ttl') / 1000);
    const review = await client.call<{ status: { token: string } }>('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: seconds },
    });
    const out = flag(parsed, 'o') ?? `${name}.kubeconfig`;
    writeAll([{ path: out, mode: 0o600, content: renderKubeconfig({ clusterName: 'signet', server, caPem, userName: name, token: review.status.token, contextName: name }) }]);
    stdout(`user ${name} added (groups: ${groups.join(', ') || 'none'}); kubeconfig written to ${out}\n`);
    return 0;
  } catch (err) {
    throw refused(err);
  } finally {
    client.close();
  }
}

async function list(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, common, 'signet user list');
  const ns = flag(parsed, 'namespace') ?? 'users';
  const { client } = clientFor(flag(parsed, 'kubeconfig'));
  try {
    const accounts = await client.call<{ items: { metadata: { name: string; annotations?: Record<string, string>; creationTimestamp?: string } }[] }>(
      'GET', `/api/v1/namespaces/${ns}/serviceaccounts?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dsignet`,
    );
    stdout('NAME'.padEnd(24) + 'GROUPS\n');
    for (const a of accounts.items) stdout(a.metadata.name.padEnd(24) + (parseAllowedGroups(a.metadata.annotations?.[allowedGroupsAnnotation]).join(',') || '<none>') + '\n');
    return 0;
  } catch (err) {
    throw refused(err);
  } finally {
    client.close();
  }
}

async function remove(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, common, 'signet user remove');
  const [name] = parsed.args;
  if (!name || parsed.args.length > 1) throw new CliError('signet user remove: expected one NAME (see --help)');
  const ns = flag(parsed, 'namespace') ?? 'users';
  const { client } = clientFor(flag(parsed, 'kubeconfig'));
  let found = false;
  try {
    for (const path of [`${rbac}/clusterrolebindings/user=${name}`, `${rbac}/clusterroles/user=${name}`, `/api/v1/namespaces/${ns}/serviceaccounts/${name}`]) {
      try {
        await client.call('DELETE', path);
        found = true;
      } catch (err) {
        if (!(err instanceof StatusError && err.status.code === 404)) throw err;
      }
    }
  } catch (err) {
    throw refused(err);
  } finally {
    client.close();
  }
  if (!found) throw new CliError(`no user ${name} in namespace ${ns}`);
  stdout(`user ${name} removed\n`);
  return 0;
}

/** Runs `signet user add|list|remove`. */
export function userManage(sub: string, argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  if (sub === 'add') return add(argv, stdout);
  if (sub === 'list') return list(argv, stdout);
  return remove(argv, stdout);
}
