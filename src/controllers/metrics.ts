// The controllers' scrape-time gauges: requests by condition (from the shared informer's cache,
// so a scrape costs no API call) and whether this process leads, in client-go's
// leader_election_master_status shape.

import type { Metrics } from '../runtime/metrics.js';
import type { CertificateSigningRequest } from '../api/certificates/types.js';
import { conditionSummary } from '../api/certificates/conditions.js';
import type { Informer } from './informer.js';
import { defaultLeaseName } from './leader-election.js';

/** `signet_certificate_signing_requests{condition}`: the CONDITION column of `kubectl get csr`, counted. */
export function recordRequestsByCondition(metrics: Metrics, informer: Informer<CertificateSigningRequest>): void {
  metrics.gauge('signet_certificate_signing_requests', 'Certificate signing requests by condition, as kubectl get csr shows it', () => {
    const counts = new Map<string, number>();
    for (const csr of informer.list()) {
      const condition = conditionSummary(csr);
      counts.set(condition, (counts.get(condition) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([condition, value]) => ({ labels: { condition }, value }));
  });
}

/** `leader_election_master_status{name}`: 1 while this process's controllers are the active set. */
export function recordLeaderStatus(metrics: Metrics, isLeader: () => boolean): void {
  metrics.gauge('leader_election_master_status', 'Whether this process leads the controllers (1) or waits (0)', () => [{ labels: { name: defaultLeaseName }, value: isLeader() ? 1 : 0 }]);
}
