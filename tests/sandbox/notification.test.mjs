// verifyNotification (the npm package's receiver helper) against signatures made like the server's
// (checkout_core::notification::sign): accepted within the tolerance, refused when stale, tampered or malformed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyNotification } from '../../js/notification.js';

const secret = 'whsec_test';
const body = JSON.stringify({ id: 'evt_1', type: 'payment.captured', created_at: '2026-11-30T10:00:00Z', data: { id: 'hcs_1' } });
const sign = (t, b = body, s = secret) => `t=${t},v1=${createHmac('sha256', s).update(`${t}.${b}`).digest('hex')}`;

test('a signed body verifies and parses', async () => {
  const ev = await verifyNotification(body, sign(1000), secret, { now: 1100 });
  assert.equal(ev.type, 'payment.captured');
  const bytes = new TextEncoder().encode(body);
  assert.equal((await verifyNotification(bytes, sign(1000), secret, { now: 1000 })).id, 'evt_1');
  // A rolled secret: one of several v1 parts matches.
  assert.equal((await verifyNotification(body, `${sign(1000)},v1=${'0'.repeat(64)}`, secret, { now: 1000 })).id, 'evt_1');
});

test('stale, tampered, wrong-secret and malformed headers are refused with a code', async () => {
  const code = async (p) => p.then(() => 'ok', (e) => e.code);
  assert.equal(await code(verifyNotification(body, sign(1000), secret, { now: 1301 })), 'stale');
  assert.equal(await code(verifyNotification(`${body} `, sign(1000), secret, { now: 1000 })), 'mismatch');
  assert.equal(await code(verifyNotification(body, sign(1000, body, 'other'), secret, { now: 1000 })), 'mismatch');
  assert.equal(await code(verifyNotification(body, sign(1000).replace('t=1000', 't=1001'), secret, { now: 1000 })), 'mismatch');
  for (const h of ['', 'v1=ab', 't=x,v1=ab', 't=1000', undefined]) {
    assert.equal(await code(verifyNotification(body, h, secret, { now: 1000 })), 'malformed', String(h));
  }
});
