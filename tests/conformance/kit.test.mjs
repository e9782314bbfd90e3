// The conformance kit's own pieces (issue 19): the redaction check over a
// folder of recordings, the few words a recording is summed up in, and the
// table. The whole kit runs against the sandbox in `npm test` (scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, FORMAT, leaks, list } from '../../conformance/lib/recordings.mjs';
import { counts, render } from '../../conformance/lib/table.mjs';

const authorize = (body, extra = {}) => ({
  format: FORMAT, source: 'klarna-test', operation: 'authorize', step: 'initial',
  request: { method: 'POST', path: '/v2/accounts/{partner_account_id}/payment/authorize', headers: {}, body: {} },
  response: { status: 200, headers: {}, body },
  ...extra,
});

test('a leaked e-mail, key or token in a recording is found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'khc-kit-'));
  writeFileSync(join(dir, '1-clean.json'), JSON.stringify(authorize({ customer: { email: '[redacted: email]' } })));
  assert.deepEqual(leaks(dir, ['klarna_test_api_secret_value']), []);
  writeFileSync(join(dir, '2-email.json'), JSON.stringify(authorize({ note: 'customer+de@klarna.com' })));
  writeFileSync(join(dir, '3-key.json'), JSON.stringify(authorize({ k: 'Basic klarna_test_api_secret_value' })));
  writeFileSync(join(dir, '4-token.json'), JSON.stringify(authorize({ t: 'krn:network:eu1:test:session-token:abc' })));
  const found = leaks(dir, ['klarna_test_api_secret_value']);
  assert.equal(found.length, 3, found.join('\n'));
  assert.match(found.join('\n'), /2-email\.json: an e-mail/);
  assert.match(found.join('\n'), /3-key\.json: a secret/);
  assert.match(found.join('\n'), /4-token\.json: a network session token/);
  assert.deepEqual(list(dir), ['1-clean.json', '2-email.json', '3-key.json', '4-token.json']);
});

test('a recording is summed up by what Klarna answered', () => {
  assert.equal(describe(authorize({ payment_transaction_response: { result: 'APPROVED' } })),
    'POST …/payment/authorize → 200 APPROVED');
  const capture = authorize({ payment_capture_id: 'krn:c' });
  capture.request.path = '/v2/accounts/{partner_account_id}/payment/transactions/krn:payment:eu1:transaction:1/captures';
  assert.equal(describe(capture), 'POST …/payment/transactions/{id}/captures → 200 payment_capture_id');
  assert.equal(describe(authorize(null, { response: null, error: 'Klarna timed out' })),
    'POST …/payment/authorize → Klarna timed out');
});

test('the table keeps its columns and counts the verdicts', () => {
  const rows = [
    { step: 'presentation', expected: 'SHOW_KLARNA', seen: 'GET …/payment/presentation → 200 SHOW_KLARNA', verdict: 'ok' },
    { step: 'final authorization', expected: 'APPROVED', seen: '-', verdict: 'skipped', note: 'needs a shopper '.repeat(10) },
  ];
  const lines = render(rows).split('\n');
  assert.ok(lines.every((l) => l.length === lines[0].length), 'every line as wide as the rule');
  assert.ok(lines.some((l) => l.includes('skipped')));
  assert.deepEqual(counts(rows), { ok: 1, differs: 0, failed: 0, skipped: 1 });
});
