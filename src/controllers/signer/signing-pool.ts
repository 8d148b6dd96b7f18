// Signing for one CA. An RSA signature is CPU-bound (about 1 ms for RSA-2048 here), so it is
// spread over worker threads rather than holding the main thread, which also serves the API. An
// ECDSA or Ed25519 signature (about 0.05 ms for P-256) costs less than the hop to a thread and
// back costs the main thread, so those keys sign inline.

import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../runtime/worker-pool.js';
import type { CertificateTemplate } from '../../pki/template.js';
import { parseCertificatePem, type Certificate } from '../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../pki/keys.js';
import { Issuer } from '../../pki/issuer.js';
import { verifiedRequests } from '../../pki/verified-requests.js';
import { issuedCertificates } from '../../pki/issued-certificates.js';
import { signRequest, type SignRequest } from './sign-request.js';

/** Signs templates, on worker threads for RSA keys. */
export class SigningPool {
  readonly #pool: WorkerPool<SignRequest, Uint8Array> | undefined;
  readonly #inline: Issuer | undefined;

  /** The CA certificate the threads sign with. */
  readonly certificate: Certificate;

  /** For an RSA key, starts `size` threads (default: one per core) holding the CA. */
  constructor(certPem: string, keyPem: string, size = availableParallelism()) {
    this.certificate = parseCertificatePem(certPem, 'CA certificate');
    const key = decodePrivateKeyPem(keyPem, 'CA key');
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
      this.#pool = new WorkerPool(new URL('./signing-worker.js', import.meta.url), { certPem, keyPem }, size);
    } else {
      this.#inline = new Issuer(this.certificate, key);
    }
  }

  /**
   * The certificate DER for `template`, once the PKCS#10 request it was made from (`requestDer`)
   * has verified against its own public key, as Kubernetes' CA does before it signs. A request
   * that does not verify rejects with `unable to verify certificate request signature: ...`.
   */
  async issueFor(requestDer: Uint8Array, template: CertificateTemplate): Promise<Uint8Array> {
    // Taken here, on the thread that verified it at create: a signing thread has a memory of its own.
    const verified = verifiedRequests.take(requestDer);
    const der = this.#inline ? signRequest(this.#inline, { request: requestDer, verified, template }) : await this.#onThread(requestDer, verified, template);
    issuedCertificates.remember(der);
    return der;
  }

  async #onThread(requestDer: Uint8Array, verified: boolean, template: CertificateTemplate): Promise<Uint8Array> {
    // Views are copied to exact-size buffers: posting a view would copy its whole backing store.
    const compact: CertificateTemplate = {
      ...template,
      serialNumber: template.serialNumber.slice(),
      subject: template.subject.slice(),
      publicKeyInfo: template.publicKeyInfo.slice(),
      ...(template.subjectKeyId ? { subjectKeyId: template.subjectKeyId.slice() } : {}),
    };
    return new Uint8Array(await this.#pool!.run({ request: requestDer.slice(), verified, template: compact }));
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
