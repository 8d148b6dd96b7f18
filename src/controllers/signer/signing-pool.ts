// A pool of signing threads for one CA. Certificate signing is CPU-bound (an RSA-2048 signature
// costs about a quarter of a millisecond), so the signer spreads it over worker threads rather
// than holding the main thread, which also serves the API.

import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../apiserver/worker-pool.js';
import type { CertificateTemplate } from '../../pki/template.js';
import { parseCertificatePem, type Certificate } from '../../pki/certificate.js';
import type { SignRequest } from './signing-worker.js';

/** Signs templates on worker threads. */
export class SigningPool {
  readonly #pool: WorkerPool<SignRequest, Uint8Array>;

  /** The CA certificate the threads sign with. */
  readonly certificate: Certificate;

  /** Starts `size` threads (default: one per core) holding the CA. */
  constructor(certPem: string, keyPem: string, size = availableParallelism()) {
    this.certificate = parseCertificatePem(certPem, 'CA certificate');
    this.#pool = new WorkerPool(new URL('./signing-worker.js', import.meta.url), { certPem, keyPem }, size);
  }

  /**
   * The certificate DER for `template`, once the PKCS#10 request it was made from (`requestDer`)
   * has verified against its own public key, as Kubernetes' CA does before it signs. Both happen
   * on a thread; a request that does not verify rejects with
   * `unable to verify certificate request signature: ...`.
   */
  async issueFor(requestDer: Uint8Array, template: CertificateTemplate): Promise<Uint8Array> {
    // Views are copied to exact-size buffers: posting a view would copy its whole backing store.
    const compact: CertificateTemplate = {
      ...template,
      serialNumber: template.serialNumber.slice(),
      subject: template.subject.slice(),
      publicKeyInfo: template.publicKeyInfo.slice(),
      ...(template.subjectKeyId ? { subjectKeyId: template.subjectKeyId.slice() } : {}),
    };
    return new Uint8Array(await this.#pool.run({ request: requestDer.slice(), template: compact }));
  }

  /** Stops the threads. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
