// Every curl snippet of the README runs, as printed but for the server's address and the ids it needs, against a
// sandbox server, and gets a 2xx answer: the operator API's merchant, the merchant API's session, the
// payment lifecycle's capture, refund, void and cancel, Sign in with Klarna's id token verification, and the
// operator's webhook subscription at Klarna.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const bashBlocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('curl '));

/** Runs `script` with bash (the README's address replaced by the test server's); answers the status and body of
 * its one curl call (curl's `-w` appends the status). */
function run(script, env = {}) {
  const out = execFileSync('bash', ['-c', script.replaceAll('http://127.0.0.1:8787', BASE).replace(/curl -s /g, "curl -s -w '\\n%{http_code}' ")],
    { env: { ...process.env, ...env }, encoding: 'utf8' });
  const lines = out.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}

/** Splits a block into its commands (a command's continuation lines stay with it). */
function commands(block) {
  const out = [];
  for (const line of block.split('\n').filter(Boolean)) {
    if (/^(curl|[A-Z]+=)/.test(line)) out.push(line);
    else out[out.length - 1] += '\n' + line;
  }
  return out;
}

async function paidSession(request) {
  const s = await (await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE' } })).json();
  const a = await request.post(`/v1/sessions/${s.id}/klarna/authorize`, { headers: { Authorization: `Bearer ${s.client_secret}` }, data: {} });
  expect(a.status()).toBe(200);
  return s.id;
}

test('the README has the curl snippets this spec runs', () => {
  expect(bashBlocks.length).toBe(7);
});

test("the README's operator and session snippets answer 201", () => {
  for (const block of bashBlocks.filter((b) => !b.includes('$ID') && !b.includes('webhook-subscription'))) {
    const r = run(block);
    expect(r.status, `${block}\n${r.body}`).toBe(201);
    const body = JSON.parse(r.body);
    expect(body.error).toBeUndefined();
    // The create that authorizes at once: approved with the returning shopper's token.
    if (block.includes('"authorize": true')) expect(body).toMatchObject({ state: 'authorized', outcome: { result: 'APPROVED' } });
  }
});

test("the README's lifecycle snippet captures, refunds, voids and cancels", async ({ request }) => {
  const block = bashBlocks.find((b) => b.includes('$ID') && !b.includes('$ID_TOKEN'));
  const [setup, ...calls] = commands(block);
  const id = await paidSession(request);
  const open = (await (await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE' } })).json()).id;
  let capture;
  for (const call of calls) {
    const target = call.includes('/cancel') ? open : id;
    const r = run(`${setup}\n${call.replace('cap_…', capture || '')}`, { ID: target });
    expect(r.status, `${call}\n${r.body}`).toBeGreaterThanOrEqual(200);
    expect(r.status, `${call}\n${r.body}`).toBeLessThan(300);
    if (call.includes('/captures')) capture = JSON.parse(r.body).id;
  }
  const session = await (await request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } })).json();
  expect(session.payment.captured_amount).toBe(5000);
  expect(session.payment.refunded_amount).toBe(2000);
  expect(session.payment.state).toMatch(/refunded/);
});

test("the README's Sign in with Klarna snippet verifies an id token of the sandbox's sign-in", async ({ request }) => {
  const block = bashBlocks.find((b) => b.includes('$ID_TOKEN'));
  const signin = await (await request.post('/sandbox/klarna/identity/sign-in', { data: {
    client_id: 'klarna_test_client_sandbox', scope: 'openid profile:email', email: 'customer+gb@klarna.com' } })).json();
  // The snippet's first line sets ID_TOKEN to a placeholder; the token of a real sign-in takes its place.
  const r = run(block.replace(/^ID_TOKEN=.*\n/m, ''), { ID_TOKEN: signin.id_token });
  expect(r.status, `${block}\n${r.body}`).toBe(200);
  expect(JSON.parse(r.body)).toMatchObject({ verified: true, profile: { email: 'customer+gb@klarna.com' } });
});

test("the README's webhook subscription snippet subscribes the server at the sandbox's Klarna", () => {
  const block = bashBlocks.find((b) => b.includes('webhook-subscription'));
  const r = run(block);
  expect(r.status, `${block}\n${r.body}`).toBe(200);
  const v = JSON.parse(r.body);
  expect(v.status).toBe('active');
  expect(v.webhook_id).toBeTruthy();
  expect(v.url).toBe(`${BASE}/v1/webhooks/klarna`);
});

test("the README's example of a bad-input answer is what the server answers for the request it names", () => {
  const example = readme.match(/above with `"currency": "eur", "locale": "fr-FR"` answers:\n\n```json\n([\s\S]*?)```/);
  expect(example, 'the README shows the example with the change it makes').not.toBeNull();
  const create = bashBlocks.find((b) => b.includes('"merchant_reference": "order-123"') && !b.includes('"authorize"'));
  const r = run(create.replace('"currency": "EUR"', '"currency": "eur"').replace('"locale": "de-DE"', '"locale": "fr-FR"'));
  expect(r.status, r.body).toBe(400);
  expect(JSON.parse(r.body)).toEqual(JSON.parse(example[1]));
});
