// Shapes of /version, legacy and aggregated discovery that kubectl 1.32 depends on (kubectl-wire.md §1, §3.4, §4).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildAggregatedCore, buildAggregatedGroups, buildApiGroup, buildApiResourceList, buildLegacyCoreVersions, buildLegacyGroupList,
  buildVersion, CONTENT_TYPE_AGGREGATED_V2, CONTENT_TYPE_AGGREGATED_V2BETA1, CONTENT_TYPE_JSON, discoveryContentType,
  negotiateDiscoveryFormat, type DiscoveryFormat,
} from '../../../../src/apiserver/discovery/discovery.js';
import { GROUP_VERSIONS, RESOURCES, groupVersionString } from '../../../../src/apiserver/discovery/resources.js';

const KUBECTL_DISCOVERY_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

test('/version reports major 1 minor 32 and a parseable gitVersion', () => {
  const v = buildVersion();
  assert.equal(v.major, '1');
  assert.equal(v.minor, '32');
  assert.match(v.gitVersion, /^v1\.32\.\d+$/);
  assert.deepEqual(Object.keys(v), ['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
});

test('/version derives major and minor from an overriding gitVersion', () => {
  assert.equal(buildVersion({ gitVersion: 'v1.32.7' }).gitVersion, 'v1.32.7');
  assert.equal(buildVersion({ platform: 'linux/arm64' }).platform, 'linux/arm64');
});

test('/version refuses a gitVersion outside 1.32, which would switch the kubectl dispatcher to another binary', () => {
  assert.throws(() => buildVersion({ gitVersion: 'v1.33.0' }), RangeError);
  assert.throws(() => buildVersion({ gitVersion: '1.32.0' }), RangeError);
});

const negotiation: Record<string, [string | undefined, DiscoveryFormat]> = {
  'kubectl 1.32 discovery Accept picks v2': [KUBECTL_DISCOVERY_ACCEPT, 'aggregated-v2'],
  'v2beta1 alone picks v2beta1': ['application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', 'aggregated-v2beta1'],
  'spaces around parameters are tolerated': ['application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList', 'aggregated-v2'],
  'an unknown aggregated version falls through to the next choice': ['application/json;g=apidiscovery.k8s.io;v=v9;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', 'aggregated-v2beta1'],
  'plain JSON first picks legacy': ['application/json, ' + KUBECTL_DISCOVERY_ACCEPT, 'legacy'],
  'wildcard picks legacy': ['application/json, */*', 'legacy'],
  'missing Accept picks legacy': [undefined, 'legacy'],
};
for (const [name, [accept, want]] of Object.entries(negotiation)) {
  test(`negotiation: ${name}`, () => assert.equal(negotiateDiscoveryFormat(accept), want));
}

test('content types are the exact strings kubectl matches', () => {
  assert.equal(CONTENT_TYPE_AGGREGATED_V2, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  assert.equal(CONTENT_TYPE_AGGREGATED_V2BETA1, 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
  assert.equal(discoveryContentType('aggregated-v2'), CONTENT_TYPE_AGGREGATED_V2);
  assert.equal(discoveryContentType('aggregated-v2beta1'), CONTENT_TYPE_AGGREGATED_V2BETA1);
  assert.equal(discoveryContentType('legacy'), CONTENT_TYPE_JSON);
});

test('legacy /api lists core v1 with the server address', () => {
  assert.deepEqual(buildLegacyCoreVersions('127.0.0.1:6443'), {
    kind: 'APIVersions', versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  });
});

test('legacy /apis lists certificates.k8s.io with v1 preferred and v1beta1 served', () => {
  const list = buildLegacyGroupList();
  assert.equal(list.kind, 'APIGroupList');
  assert.deepEqual(list.groups.map((g) => g.name), ['authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'rbac.authorization.k8s.io', 'signet.dev', 'certificates.signet.dev']);
  assert.deepEqual(list.groups.find((g) => g.name === 'certificates.k8s.io'), {
    name: 'certificates.k8s.io',
    versions: [{ groupVersion: 'certificates.k8s.io/v1', version: 'v1' }, { groupVersion: 'certificates.k8s.io/v1beta1', version: 'v1beta1' },
      { groupVersion: 'certificates.k8s.io/v1alpha1', version: 'v1alpha1' }],
    preferredVersion: { groupVersion: 'certificates.k8s.io/v1', version: 'v1' },
  });
  assert.equal(buildApiGroup('certificates.k8s.io').kind, 'APIGroup');
});

test('legacy /apis/certificates.k8s.io/v1 has the CSR and its subresources as kubectl expects', () => {
  const list = buildApiResourceList({ group: 'certificates.k8s.io', version: 'v1' });
  assert.equal(list.kind, 'APIResourceList');
  assert.equal(list.apiVersion, 'v1');
  assert.equal(list.groupVersion, 'certificates.k8s.io/v1');
  assert.deepEqual(list.resources, [
    { name: 'certificatesigningrequests', singularName: 'certificatesigningrequest', namespaced: false, kind: 'CertificateSigningRequest',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['csr'] },
    { name: 'certificatesigningrequests/approval', singularName: '', namespaced: false, kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'] },
    { name: 'certificatesigningrequests/status', singularName: '', namespaced: false, kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'] },
  ]);
});

test('legacy /api/v1 has namespaced events (ev) and pods (po, category all)', () => {
  const list = buildApiResourceList({ group: '', version: 'v1' });
  assert.equal(list.groupVersion, 'v1');
  const byName = new Map(list.resources.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('events'), { name: 'events', singularName: 'event', namespaced: true, kind: 'Event',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ev'] });
  assert.deepEqual(byName.get('pods')?.categories, ['all']);
  assert.deepEqual(byName.get('pods')?.shortNames, ['po']);
});

test('a subresource answering in another group-version names it in legacy and aggregated discovery', () => {
  const table = [{
    group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount',
    scope: 'Namespaced' as const, shortNames: ['sa'], categories: [], verbs: ['create', 'get'],
    subresources: [{ name: 'token', kind: 'TokenRequest', responseGroupVersion: { group: 'authentication.k8s.io', version: 'v1' }, verbs: ['create'] }],
  }];
  const legacy = buildApiResourceList({ group: '', version: 'v1' }, table);
  assert.deepEqual(legacy.resources[1], { name: 'serviceaccounts/token', singularName: '', namespaced: true,
    group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  const agg = buildAggregatedCore('v2', GROUP_VERSIONS, table);
  assert.deepEqual(agg.items[0]!.versions[0]!.resources[0]!.subresources, [{ subresource: 'token',
    responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }]);
});

test('aggregated /apis is an APIGroupDiscoveryList with the CSR entry of kubectl-wire.md §4.2', () => {
  const list = buildAggregatedGroups();
  assert.equal(list.kind, 'APIGroupDiscoveryList');
  assert.equal(list.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.deepEqual(list.metadata, {});
  const group = list.items.find((g) => g.metadata.name === 'certificates.k8s.io')!;
  assert.deepEqual(group.metadata, { name: 'certificates.k8s.io', creationTimestamp: null });
  assert.deepEqual(group.versions.map((v) => [v.version, v.freshness]), [['v1', 'Current'], ['v1beta1', 'Current'], ['v1alpha1', 'Current']]);
  assert.deepEqual(group.versions[0]!.resources[0], {
    resource: 'certificatesigningrequests',
    responseKind: { group: '', version: '', kind: 'CertificateSigningRequest' },
    scope: 'Cluster',
    singularResource: 'certificatesigningrequest',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['csr'],
    subresources: [
      { subresource: 'approval', responseKind: { group: '', version: '', kind: 'CertificateSigningRequest' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'status', responseKind: { group: '', version: '', kind: 'CertificateSigningRequest' }, verbs: ['get', 'patch', 'update'] },
    ],
  });
});

test('aggregated /api has one unnamed core item holding v1', () => {
  const list = buildAggregatedCore();
  assert.equal(list.items.length, 1);
  assert.deepEqual(list.items[0]!.metadata, { creationTimestamp: null });
  assert.deepEqual(list.items[0]!.versions.map((v) => v.version), ['v1']);
  assert.equal(buildAggregatedCore('v2beta1').apiVersion, 'apidiscovery.k8s.io/v2beta1');
});

test('every table row appears in legacy and aggregated discovery with the same scope, kind, short names and verbs', () => {
  const aggregated = [...buildAggregatedCore().items, ...buildAggregatedGroups().items];
  for (const row of RESOURCES) {
    const gv = { group: row.group, version: row.version };
    const legacy = buildApiResourceList(gv).resources.find((r) => r.name === row.resource);
    assert.ok(legacy, `legacy ${groupVersionString(gv)} ${row.resource}`);
    const groupItem = aggregated.find((i) => (i.metadata.name ?? '') === row.group);
    const agg = groupItem?.versions.find((v) => v.version === row.version)?.resources.find((r) => r.resource === row.resource);
    assert.ok(agg, `aggregated ${groupVersionString(gv)} ${row.resource}`);
    assert.deepEqual(agg.verbs, legacy.verbs);
    assert.deepEqual(agg.verbs, [...row.verbs]);
    assert.equal(agg.scope === 'Namespaced', legacy.namespaced);
    assert.equal(agg.responseKind.kind, legacy.kind);
    assert.deepEqual(agg.shortNames ?? [], legacy.shortNames ?? []);
    for (const sub of row.subresources) {
      const legacySub = buildApiResourceList(gv).resources.find((r) => r.name === `${row.resource}/${sub.name}`);
      const aggSub: { verbs: string[] } | undefined = agg.subresources?.find((s) => s.subresource === sub.name);
      assert.deepEqual(aggSub?.verbs, legacySub?.verbs, `${row.resource}/${sub.name}`);
    }
  }
});
