// Recording core v1 Events about CertificateSigningRequests, so `kubectl describe csr` shows
// what happened to a request. CSRs are cluster-scoped: their events live in "default", as
// Kubernetes' recorders put them.

import { randomBytes } from 'node:crypto';
import type { CertificateSigningRequest } from '../api/types.js';
import { resources, type ApiClient } from './client/api-client.js';

/** Records events; failures to record are reported, never fatal. */
export class EventRecorder {
  constructor(
    readonly client: ApiClient,
    readonly component: string,
    readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Records one event about `csr`. */
  record(csr: CertificateSigningRequest, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const name = `${csr.metadata.name}.${randomBytes(8).toString('hex')}`;
    this.client.create(resources.events, {
      metadata: { name, namespace: 'default' },
      involvedObject: {
        kind: 'CertificateSigningRequest',
        apiVersion: 'certificates.k8s.io/v1',
        name: csr.metadata.name,
        uid: csr.metadata.uid,
        resourceVersion: csr.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    }).catch(this.onError);
  }
}
