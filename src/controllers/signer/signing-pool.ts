// A pool of signing threads for one CA. Certificate signing is CPU-bound (an RSA-2048 signature
// costs about a quarter of a millisecond), so the signer spreads it over worker threads rather
// than holding the main thread, which also serves the API.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { CertificateTemplate } from '../../pki/template.js';
import { parseCertificatePem, type Certificate } from '../../pki/certificate.js';
import type { SignResponse } from './signing-worker.js';

/** Signs templates on worker threads. */
export class SigningPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, { resolve: (der: Uint8Array) => void; reject: (err: Error) => void }>();
  #next = 0;
  #turn = 0;

  /** The CA certificate the threads sign with. */
  readonly certificate: Certificate;

  /** Starts `size` threads (default: one per core) holding the CA. */
  constructor(certPem: string, keyPem: string, size = availableParallelism()) {
    this.certificate = parseCertificatePem(certPem, 'CA certificate');
    const url = new URL('./signing-worker.js', import.meta.url);
    this.#workers = Array.from({ length: Math.max(1, size) }, () => {
      const w = new Worker(url, { workerData: { certPem, keyPem } });
      w.on('message', (msg: SignResponse) => {
        const waiter = this.#pending.get(msg.id);
        if (!waiter) return;
        this.#pending.delete(msg.id);
        if ('der' in msg) waiter.resolve(new Uint8Array(msg.der));
        else waiter.reject(new Error(msg.error));
      });
      w.on('error', (err) => {
        for (const [, waiter] of this.#pending) waiter.reject(err);
        this.#pending.clear();
      });
      w.unref();
      return w;
    });
  }

  /** The certificate DER for `template`. */
  issue(template: CertificateTemplate): Promise<Uint8Array> {
    const id = this.#next++;
    const worker = this.#workers[this.#turn++ % this.#workers.length]!;
    // Views are copied to exact-size buffers: posting a view would copy its whole backing store.
    const compact: CertificateTemplate = {
      ...template,
      serialNumber: template.serialNumber.slice(),
      subject: template.subject.slice(),
      publicKeyInfo: template.publicKeyInfo.slice(),
      ...(template.subjectKeyId ? { subjectKeyId: template.subjectKeyId.slice() } : {}),
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, template: compact });
    });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
