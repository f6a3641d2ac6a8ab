// What a failed TLS handshake with a broker means, in words a person can act on. Node's
// own messages name an OpenSSL routine ("ssl3_read_bytes:sslv3 alert bad certificate")
// or a verification code; kafkajs passes them on as "Connection error: ...". The code
// on the error (or its cause) says which it was; the original text stays as detail.
import { ErrorCode, LagwatchError } from '../contract/errors.js';

const untrustedCa = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The broker ended the handshake with an alert about the client's certificate. */
const clientCertificateRefused = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
]);

interface CodedError {
  code?: unknown;
  broker?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and its causes (kafkajs wraps: retries exceeded -> connection error). */
function chain(error: unknown): CodedError[] {
  const errors: CodedError[] = [];
  let next: unknown = error;
  while (typeof next === 'object' && next !== null && errors.length < 5) {
    const coded = next as CodedError;
    errors.push(coded);
    next = coded.cause ?? coded.originalError;
  }
  return errors;
}

function explanation(code: string, broker: string | undefined): string | undefined {
  const host = broker?.replace(/:\d+$/, '');
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the broker's TLS certificate does not name ${host ?? 'the address connected to'} (connect by a name or address the certificate lists)`;
  }
  if (untrustedCa.has(code)) {
    return "the broker's TLS certificate is not signed by a trusted CA (set ssl.ca to the CA that signed it)";
  }
  if (code === 'CERT_HAS_EXPIRED') return "the broker's TLS certificate has expired";
  if (clientCertificateRefused.has(code)) {
    return 'the broker refused the TLS handshake: it requires a client certificate it trusts (ssl.cert and ssl.key)';
  }
  return undefined;
}

/** A TLS failure as a LagwatchError that says what it means; any other error unchanged. */
export function explainConnectError(error: unknown): unknown {
  const errors = chain(error);
  const broker = errors.map((e) => e.broker).find((b): b is string => typeof b === 'string');
  for (const { code } of errors) {
    const meaning = typeof code === 'string' ? explanation(code, broker) : undefined;
    if (meaning === undefined) continue;
    const detail = error instanceof Error ? error.message : String(error);
    return new LagwatchError(ErrorCode.KAFKA_TLS_FAILED, `${meaning}: ${detail}`, {
      retryable: true,
      cause: error,
    });
  }
  return error;
}
