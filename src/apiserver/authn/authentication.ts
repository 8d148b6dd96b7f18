// Puts authentication together in kube-apiserver's order: client certificates, then bearer
// tokens (token file, service-account tokens, bootstrap tokens). Anonymous is the server's
// fallback for requests with no credentials at all.
// Mirrors pkg/kubeapiserver/authenticator/config.go (New).

import type { KeyObject } from 'node:crypto';
import type { Certificate } from '../../pki/certificate.js';
import type { Store } from '../../storage/store.js';
import { unionAuthenticator, type Authenticator } from './authenticator.js';
import { x509Authenticator } from './x509.js';
import { bearerTokenAuthenticator, unionTokenAuthenticator, type TokenAuthenticator } from './token.js';
import { ServiceAccountTokens } from './service-account-token.js';
import { bootstrapTokenAuthenticator } from './bootstrap-token.js';
import { loadTokenFile } from './token-file.js';
import { storeObjectReader } from './stored-objects.js';

/** What the API server's handlers need from authentication besides the request authenticator. */
export interface AuthnServices {
  /** All bearer-token authenticators, for TokenReview. */
  readonly tokenAuthenticator: TokenAuthenticator;
  /** Issues (TokenRequest) and verifies service-account tokens. */
  readonly serviceAccountTokens: ServiceAccountTokens;
}

/** How to build authentication. */
export interface AuthenticationOptions {
  readonly clientCAs: readonly Certificate[];
  readonly store: Store;
  /** The data dir's sa.key (RSA). */
  readonly serviceAccountKey: KeyObject;
  readonly serviceAccountIssuer?: string;
  /** `--token-auth-file`; a bad file throws TokenFileError. */
  readonly tokenAuthFile?: string;
  /** Where warnings about the token file go (never with a token in them). */
  readonly warn?: (msg: string) => void;
  /** Whether a client certificate's serial (lower-case hex) is revoked. */
  readonly isRevoked?: (serial: string) => boolean;
}

/** The request authenticator and the services built with it. */
export interface Authentication {
  readonly authenticator: Authenticator;
  readonly services: AuthnServices;
}

/** Builds authentication from the data dir's material. */
export function createAuthentication(o: AuthenticationOptions): Authentication {
  const read = storeObjectReader(o.store);
  const serviceAccountTokens = new ServiceAccountTokens({ key: o.serviceAccountKey, read, issuer: o.serviceAccountIssuer });
  const tokenAuthenticators: TokenAuthenticator[] = [];
  if (o.tokenAuthFile) tokenAuthenticators.push(loadTokenFile(o.tokenAuthFile, o.warn));
  tokenAuthenticators.push(serviceAccountTokens, bootstrapTokenAuthenticator(read));
  const tokenAuthenticator = unionTokenAuthenticator(tokenAuthenticators);
  const authenticator = unionAuthenticator([
    x509Authenticator(o.clientCAs, o.isRevoked),
    bearerTokenAuthenticator(tokenAuthenticator, serviceAccountTokens.apiAudiences),
  ]);
  return { authenticator, services: { tokenAuthenticator, serviceAccountTokens } };
}
