// The kit's steps: each runs one server-side call of the product through
// checkout-server's own API (so the product's code makes the call to Klarna)
// and says what it expected and what it saw, read from the recordings of
// what Klarna answered. A step answers a row {step, expected, seen, verdict,
// note?}: `ok`, `differs` (Klarna answered, not as the sandbox assumes: a
// finding), `failed` (an error) or `skipped` (with the reason).
import { api } from './server.mjs';
import { describe, list, since, waitFor } from './recordings.mjs';
import { throughToTheButton } from './browser.mjs';

/** Klarna markets the kit can run in: country → locale and currency. */
export const MARKETS = {
  DE: ['de-DE', 'EUR'], AT: ['de-AT', 'EUR'], NL: ['nl-NL', 'EUR'], SE: ['sv-SE', 'SEK'],
  GB: ['en-GB', 'GBP'], US: ['en-US', 'USD'], AU: ['en-AU', 'AUD'],
};

const row = (step, expected, seen, verdict, note) => ({ step, expected, seen, verdict, ...(note ? { note } : {}) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sessionBody(ctx, email, extra = {}) {
  const [locale, currency] = MARKETS[ctx.country];
  return {
    amount: 11800, currency, country: ctx.country, locale,
    merchant_reference: `conformance-${Date.now()}`,
    order_lines: [{ name: 'Conformance item', quantity: 1, unit_price: 11800, total_amount: 11800 }],
    customer: { email },
    return_url: 'https://shop.example/return',
    ...extra,
  };
}

async function newSession(ctx, email, extra) {
  const r = await api(ctx.base, 'POST', '/v1/sessions', { bearer: ctx.server.merchantKey, body: sessionBody(ctx, email, extra) });
  if (r.status !== 201) throw new Error(`creating a session answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body;
}

const hosted = (ctx, s, method, tail, body) =>
  api(ctx.base, method, `/v1/sessions/${s.id}${tail}`, { bearer: s.client_secret, body });
const merchant = (ctx, method, path, body) => api(ctx.base, method, path, { bearer: ctx.server.merchantKey, body });
const admin = (ctx, method, path, body) => api(ctx.base, method, path, { bearer: ctx.server.adminKey, body });

/** What Klarna answered to `operation` since `mark`, in a few words. */
function klarnaSaid(ctx, mark, operation) {
  const rs = since(ctx.dir, mark, operation);
  return rs.length ? rs.map(describe).join('; ') : `no ${operation} call recorded`;
}

async function authorizeAs(ctx, label, email, expected) {
  const mark = list(ctx.dir);
  const s = await newSession(ctx, email);
  const r = await hosted(ctx, s, 'POST', '/klarna/authorize', {});
  const result = r.body?.result;
  const seen = `${klarnaSaid(ctx, mark, 'authorize')}; our answer ${r.status} ${result || r.body?.error?.code || ''}`;
  if (r.status >= 500 || !result) return { s, r, row: row(label, expected, seen, 'failed') };
  return { s, r, row: row(label, expected, seen, result === expected ? 'ok' : 'differs') };
}

export async function browserStep(ctx) {
  const s = await newSession(ctx, ctx.personas.approve);
  const out = await throughToTheButton(s.hosted_url, { executablePath: ctx.chromium });
  ctx.browserSession = s;
  const expected = "Klarna's option and payment button from the Web SDK";
  if (out.skipped) return row('hosted page with the Web SDK', expected, '-', 'skipped', out.skipped);
  const seen = out.ok
    ? `instruction ${out.seen.instruction || '?'}, button shown (${out.seen.early_button ? "the boot script's, moved into Klarna's row" : "the page's"}); SDK ${out.seen.sdk_scripts[0] || '?'}`
    : [out.error, ...(out.seen?.page_errors || []), ...(out.seen?.console_errors || []).slice(0, 3)].join('; ');
  ctx.writeBrowser({ path: new URL(s.hosted_url).pathname, status: out.ok ? 200 : 0, seen: out.seen || {}, error: out.error });
  return row('hosted page with the Web SDK', expected, seen, out.ok ? 'ok' : 'failed');
}

export async function presentationStep(ctx) {
  const mark = list(ctx.dir);
  const s = await newSession(ctx, ctx.personas.approve);
  const r = await hosted(ctx, s, 'GET', '/klarna/presentation');
  const instruction = r.body?.instruction;
  const seen = `${klarnaSaid(ctx, mark, 'presentation')}${instruction ? '' : `; our answer ${r.status}`}`;
  const known = ['SHOW_KLARNA', 'PRESELECT_KLARNA', 'SHOW_ONLY_KLARNA', 'HIDE_KLARNA'];
  return row('presentation', 'an instruction, SHOW_KLARNA for this market', seen,
    !known.includes(instruction) ? 'failed' : instruction === 'SHOW_KLARNA' ? 'ok' : 'differs');
}

export async function sdkTokenStep(ctx) {
  let token = ctx.env.KLARNA_NETWORK_SESSION_TOKEN || (ctx.sandbox ? 'krn:sandbox:eu1:session-token:conformance' : null);
  if (!token && ctx.browserSession) {
    // The hosted page hands Klarna's tokenupdate to the server; the config shows what it has.
    const c = await hosted(ctx, ctx.browserSession, 'GET', '/config');
    token = c.body?.klarna_network_session_token || null;
  }
  const expected = 'an sdk_token for the network session token';
  if (!token) {
    return row('sdk-token exchange', expected, '-', 'skipped',
      'no network session token: set KLARNA_NETWORK_SESSION_TOKEN (a Partner hands one over), or let the browser step get one from the SDK');
  }
  const mark = list(ctx.dir);
  const s = await newSession(ctx, ctx.personas.approve, { klarna_network_session_token: token });
  const c = await hosted(ctx, s, 'GET', '/config');
  const got = Boolean(c.body?.klarna?.sdk_token);
  const seen = `${klarnaSaid(ctx, mark, 'sdk_token')}; config ${got ? 'carries' : 'lacks'} sdk_token`;
  return row('sdk-token exchange', expected, seen, got ? 'ok' : 'failed');
}

export async function authorizeSteps(ctx) {
  const rows = [];
  const approve = await authorizeAs(ctx, `authorize (${ctx.personas.approve})`, ctx.personas.approve, 'APPROVED');
  rows.push(approve.row);
  if (approve.r.body?.result === 'APPROVED') ctx.approved = approve.s;
  rows.push((await authorizeAs(ctx, `authorize (${ctx.personas.denied})`, ctx.personas.denied, 'DECLINED')).row);
  const step = await authorizeAs(ctx, `authorize step-up (${ctx.personas.stepup})`, ctx.personas.stepup, 'STEP_UP_REQUIRED');
  if (step.r.body?.result === 'STEP_UP_REQUIRED' && !step.r.body.payment_request_id) step.row.verdict = 'failed';
  rows.push(step.row);
  if (step.r.body?.result === 'STEP_UP_REQUIRED') ctx.stepUp = { s: step.s, answer: step.r.body };
  return rows;
}

export async function finalStep(ctx) {
  const label = 'final authorization';
  const expected = 'APPROVED within 60 minutes of the completed journey';
  if (!ctx.stepUp) return row(label, expected, '-', 'skipped', 'no step-up payment request to finish');
  const { s, answer } = ctx.stepUp;
  const mark = list(ctx.dir);
  if (ctx.sandbox) {
    // The sandbox's journey: the shopper completes; the page reports the result with Klarna's token.
    // With the session's client secret: the sandbox asks for it on a session that is not the demo merchant's.
    const done = await api(ctx.base, 'POST', `/sandbox/klarna/payment-requests/${answer.payment_request_id}/complete`, { bearer: s.client_secret, body: {} });
    const result = await api(ctx.base, 'POST', `/v1/sessions/${s.id}/result`, {
      bearer: s.client_secret, headers: { 'Idempotency-Key': `conformance-${s.id}` },
      body: { outcome: 'authorized', payment_request_id: answer.payment_request_id, klarna_network_session_token: done.body?.klarna_network_session_token },
    });
    if (result.status !== 200) return row(label, expected, `result answered ${result.status}`, 'failed');
  } else {
    const wait = Number(ctx.env.CONFORMANCE_JOURNEY_WAIT_SECONDS || 0);
    if (!wait) {
      return row(label, expected, `payment request ${answer.payment_request_id}`, 'skipped',
        `needs a shopper to finish Klarna's purchase journey, which can't be driven headless: open ${answer.payment_request_url || "the request's URL"} as ${ctx.personas.stepup}, and run again with CONFORMANCE_JOURNEY_WAIT_SECONDS=600 and a CONFORMANCE_PUBLIC_URL Klarna's webhook reaches`);
    }
    console.log(`conformance: finish Klarna's journey at ${answer.payment_request_url} as ${ctx.personas.stepup} (waiting ${wait} s)`);
    const until = Date.now() + wait * 1000;
    while (Date.now() < until) {
      const v = await merchant(ctx, 'GET', `/v1/sessions/${s.id}`);
      if (v.body?.state !== 'open') break;
      await sleep(2000);
    }
  }
  const finals = (await waitFor(ctx.dir, mark, 'authorize', 15000)).filter((r) => r.step === 'final');
  const v = await merchant(ctx, 'GET', `/v1/sessions/${s.id}`);
  const seen = `${finals.map(describe).join('; ') || 'no final authorize recorded'}; session ${v.body?.state}`;
  return row(label, expected, seen, v.body?.state === 'authorized' ? 'ok' : finals.length ? 'differs' : 'failed');
}

export async function afterPaymentSteps(ctx) {
  const s = ctx.approved;
  const need = 'needs an approved transaction (the approve persona was not approved at once)';
  if (!s) {
    return ['capture', 'refund', 'void'].map((k) => row(k, 'succeeded', '-', 'skipped', need));
  }
  const rows = [];
  const op = async (label, path, body, operation, ok) => {
    const mark = list(ctx.dir);
    const r = await merchant(ctx, 'POST', `/v1/sessions/${s.id}/${path}`, body);
    const seen = `${klarnaSaid(ctx, mark, operation)}; our answer ${r.status} ${r.body?.status || r.body?.payment?.state || ''}`;
    rows.push(row(label, 'succeeded', seen, ok(r) ? 'ok' : r.status >= 500 ? 'failed' : 'differs'));
    return r;
  };
  const cap = await op('capture 5000', 'captures', {
    amount: 5000, reference: 'conformance-1',
    shipping_info: [{ shipping_company: 'DHL', tracking_number: '00340434161234567890' }],
  }, 'capture', (r) => r.status === 201 && r.body?.status === 'succeeded');
  await op('refund 2000', 'refunds', { amount: 2000, ...(cap.body?.id ? { capture_id: cap.body.id } : {}) }, 'refund',
    (r) => r.status === 201 && r.body?.status === 'succeeded');
  await op('void the rest', 'void', {}, 'void', (r) => r.status === 200 && r.body?.payment?.released_amount === 6800);
  return rows;
}

export async function cancelStep(ctx) {
  const label = 'cancel a payment request';
  const expected = '2xx (or 404/409: already final)';
  const mark = list(ctx.dir);
  const s = await newSession(ctx, ctx.personas.stepup);
  const a = await hosted(ctx, s, 'POST', '/klarna/authorize', {});
  if (a.body?.result !== 'STEP_UP_REQUIRED') {
    return row(label, expected, `authorize answered ${a.body?.result || a.status}`, 'skipped', 'needs a step-up payment request');
  }
  const c = await merchant(ctx, 'POST', `/v1/sessions/${s.id}/cancel`, {});
  if (c.status !== 200) return row(label, expected, `cancel answered ${c.status}`, 'failed');
  // The job runner cancels the payment request at Klarna.
  const calls = await waitFor(ctx.dir, mark, 'cancel_payment_request', 20000);
  const status = calls[0]?.response?.status;
  const ok = status && (status < 300 || [404, 409, 422].includes(status));
  return row(label, expected, calls.map(describe).join('; ') || 'no cancel recorded within 20 s', ok ? 'ok' : 'failed');
}

export async function subscriptionStep(ctx) {
  const label = 'webhook subscription + simulate';
  const expected = 'subscribed; the simulated event arrives signed with the new key';
  const mark = list(ctx.dir);
  const made = await admin(ctx, 'POST', '/v1/admin/klarna/webhook-subscription');
  if (made.status === 409 && !ctx.sandbox) {
    return row(label, expected, made.body?.error?.message || '409', 'skipped',
      'Klarna delivers only to https on 443/8443: set CONFORMANCE_PUBLIC_URL to an https URL that reaches this machine');
  }
  if (made.status !== 200) {
    return row(label, expected, `${klarnaSaid(ctx, mark, 'webhook_create')}; ${made.body?.error?.message || made.status}`, 'failed');
  }
  const rotated = await admin(ctx, 'POST', '/v1/admin/klarna/webhook-subscription/rotate');
  let status = rotated.body?.status;
  for (let i = 0; i < 60 && status === 'rotating'; i++) {
    await sleep(500);
    status = (await admin(ctx, 'GET', '/v1/admin/klarna/webhook-subscription')).body?.status;
  }
  const calls = ['signing_key_create', 'webhook_create', 'webhook_update', 'webhook_simulate']
    .flatMap((op) => since(ctx.dir, mark, op)).map(describe);
  const arrived = since(ctx.dir, mark, 'webhook_received').map((r) => `event ${r.response?.status}, signature ${r.note?.signature_form}`);
  const seen = [...calls, ...arrived].join('; ') + `; subscription ${status}`;
  return row(label, expected, seen, status === 'active' ? 'ok' : rotated.status === 200 ? 'differs' : 'failed',
    status === 'active' ? undefined : 'the simulated event did not confirm the new key within 30 s (does Klarna reach CONFORMANCE_PUBLIC_URL?)');
}
