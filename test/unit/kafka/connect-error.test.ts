// TLS failures while connecting to a broker are told in words a person can act on; the
// code on the error or any of its causes decides, never the message text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { explainConnectError } from '../../../src/kafka/connect-error.js';

/** How kafkajs wraps a socket error: retries exceeded -> connection error (code, broker). */
function kafkajsError(code: string, message: string): Error {
  const connection = Object.assign(new Error(`Connection error: ${message}`), {
    code,
    broker: '127.0.0.1:29097',
  });
  return Object.assign(new Error(connection.message), { originalError: connection });
}

describe('explainConnectError', () => {
  const cases: [string, string, RegExp][] = [
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match', /does not name 127\.0\.0\.1 /],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'self-signed certificate in certificate chain',
      /not signed by a trusted CA/,
    ],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify', /not signed by a trusted CA/],
    ['CERT_HAS_EXPIRED', 'certificate has expired', /has expired/],
    [
      'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      'sslv3 alert bad certificate',
      /requires a client certificate/,
    ],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'certificate required',
      /requires a client certificate/,
    ],
  ];
  for (const [code, message, meaning] of cases) {
    test(`${code}: says what it means and keeps the original text`, () => {
      const original = kafkajsError(code, message);
      const explained = explainConnectError(original);
      assert.ok(explained instanceof LagwatchError);
      assert.equal(explained.code, ErrorCode.KAFKA_TLS_FAILED);
      assert.match(explained.message, meaning);
      assert.ok(explained.message.endsWith(original.message), explained.message);
      assert.equal(explained.cause, original);
    });
  }

  test('any other error is returned unchanged', () => {
    for (const error of [
      kafkajsError('ECONNREFUSED', 'connect ECONNREFUSED'),
      new Error('x'),
      'text',
    ]) {
      assert.equal(explainConnectError(error), error);
    }
  });

  test('the code decides, not the text', () => {
    const lookalike = kafkajsError('ECONNRESET', 'self-signed certificate in certificate chain');
    assert.equal(explainConnectError(lookalike), lookalike);
  });
});
