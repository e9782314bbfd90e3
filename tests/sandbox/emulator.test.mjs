// Tests of the Klarna Web SDK emulator (www/sandbox/klarna.js and www/sandbox/sdk/*.js).
// Run: node --test tests/sandbox/   (Node 20, no packages)
//
// The DOM-free surface (validation against each revision's types, the instruction decisions replayed from
// core's worked cases, the legacy resolve statuses, the three revisions' shapes, texts, record) is tested
// directly. The button, the purchase journey and mounting run against the small fake DOM below, with a fake
// `fetch` standing in for the sandbox API and a fake `location`. Module options are query strings on the
// import URL (`?surface=r6`); each distinct URL is its own module instance and they all share
// `globalThis.__klarnaSandbox`.

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const MODULE = new URL('../../www/sandbox/klarna.js', import.meta.url).href;
const load = (query = '') => import(`${MODULE}${query}`);
const FACTS = (await import(new URL('../../www/sandbox/sdk/facts.js', import.meta.url).href)).default;
const SURFACES = ['r6', 'r8', 'v2'];
/** An SDK of `surface` for a shopper with `token` (through the sandbox sdkToken, as the server hands it out). */
const sdkFor = async (surface, token, extra = {}) => (await load(`?surface=${surface}`)).KlarnaSDK({
  clientId: 'c', ...(token ? { sdkToken: `sandbox_sdk_token.${b64url(token)}` } : {}), ...extra,
});
const record = () => globalThis.__klarnaSandbox;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

const LANGUAGES = {
  en: 'en-GB', de: 'de-DE', nl: 'nl-NL', fr: 'fr-FR', it: 'it-IT', cs: 'cs-CZ', da: 'da-DK', es: 'es-ES',
  fi: 'fi-FI', sv: 'sv-SE', el: 'el-GR', no: 'no-NO', nb: 'nb-NO', pl: 'pl-PL', pt: 'pt-PT', hu: 'hu-HU', ro: 'ro-RO',
};
const CURRENCY = {
  'en-GB': 'GBP', 'de-DE': 'EUR', 'nl-NL': 'EUR', 'fr-FR': 'EUR', 'it-IT': 'EUR', 'cs-CZ': 'CZK', 'da-DK': 'DKK',
  'es-ES': 'EUR', 'fi-FI': 'EUR', 'sv-SE': 'SEK', 'el-GR': 'EUR', 'no-NO': 'NOK', 'nb-NO': 'NOK', 'pl-PL': 'PLN',
  'pt-PT': 'EUR', 'hu-HU': 'HUF', 'ro-RO': 'RON',
};

// ───────────────────────── a minimal fake DOM ─────────────────────────

class FakeElement {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.nodeType = 1;
    this.nodeName = tag.toUpperCase();
    this.tagName = this.nodeName;
    this.children = [];
    this.parentNode = null;
    this.attributes = new Map();
    this.listeners = new Map();
    this.classes = new Set();
    this.style = {};
    this.ownText = '';
    this.disabled = false;
    this.id = '';
    const classes = this.classes;
    this.classList = {
      add: (...c) => c.forEach((x) => classes.add(x)),
      remove: (...c) => c.forEach((x) => classes.delete(x)),
      contains: (c) => classes.has(c),
      toggle: (c, force) => ((force ?? !classes.has(c)) ? (classes.add(c), true) : (classes.delete(c), false)),
    };
  }
  get className() { return [...this.classes].join(' '); }
  set className(v) { this.classes.clear(); String(v).split(/\s+/).filter(Boolean).forEach((c) => this.classes.add(c)); }
  get textContent() { return this.ownText + this.children.map((c) => c.textContent).join(''); }
  set textContent(v) { this.children.forEach((c) => (c.parentNode = null)); this.children = []; this.ownText = String(v); }
  setAttribute(k, v) { this.attributes.set(k, String(v)); }
  getAttribute(k) { return this.attributes.has(k) ? this.attributes.get(k) : null; }
  hasAttribute(k) { return this.attributes.has(k); }
  removeAttribute(k) { this.attributes.delete(k); }
  appendChild(child) { child.remove(); child.parentNode = this; this.children.push(child); return child; }
  append(...nodes) { nodes.forEach((n) => this.appendChild(n)); }
  remove() { if (this.parentNode) { const p = this.parentNode; p.children.splice(p.children.indexOf(this), 1); this.parentNode = null; } }
  get isConnected() { let n = this; while (n.parentNode) n = n.parentNode; return n === this.ownerDocument.documentElement; }
  addEventListener(type, fn) { if (!this.listeners.has(type)) this.listeners.set(type, []); this.listeners.get(type).push(fn); }
  removeEventListener(type, fn) { const l = this.listeners.get(type) ?? []; const i = l.indexOf(fn); if (i >= 0) l.splice(i, 1); }
  dispatchEvent(event) {
    event.target ??= this;
    event.defaultPrevented ??= false;
    event.preventDefault ??= () => { event.defaultPrevented = true; };
    for (let n = this; n; n = n.parentNode) for (const fn of [...(n.listeners.get(event.type) ?? [])]) fn.call(n, event);
    return !event.defaultPrevented;
  }
  click() { if (!this.disabled) this.dispatchEvent({ type: 'click' }); }
  focus() { this.ownerDocument.activeElement = this; }
  matches(selector) {
    const m = /^([a-z0-9]*)(?:#([\w-]+))?(?:\.([\w-]+))?(?:\[([\w-]+)(?:="([^"]*)")?\])?$/i.exec(selector.trim());
    if (!m) throw new Error(`fake DOM cannot match selector ${selector}`);
    const [, tag, id, cls, attr, value] = m;
    if (tag && this.tagName !== tag.toUpperCase()) return false;
    if (id && this.id !== id) return false;
    if (cls && !this.classes.has(cls)) return false;
    if (attr && (!this.hasAttribute(attr) || (value !== undefined && this.getAttribute(attr) !== value))) return false;
    return true;
  }
  querySelectorAll(selector) {
    const out = [];
    const walk = (n) => n.children.forEach((c) => { if (c.matches(selector)) out.push(c); walk(c); });
    walk(this);
    return out;
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] ?? null; }
}

function installFakeDom() {
  const doc = { activeElement: null };
  doc.createElement = (tag) => new FakeElement(doc, tag);
  doc.documentElement = new FakeElement(doc, 'html');
  doc.head = doc.documentElement.appendChild(new FakeElement(doc, 'head'));
  doc.body = doc.documentElement.appendChild(new FakeElement(doc, 'body'));
  doc.querySelector = (s) => doc.documentElement.querySelector(s);
  doc.querySelectorAll = (s) => doc.documentElement.querySelectorAll(s);
  doc.activeElement = doc.body;
  globalThis.document = doc;
  const assigned = [];
  globalThis.location = { assign: (url) => assigned.push(url) };
  return { doc, assigned };
}

/** A fake sandbox API: `journeys[id]` = 'complete' | 'abort' | 'missing'; records requests. */
function installFakeApi(journeys, { token = 'krn:sandbox:eu1:session-token:FROM_WEBHOOK' } = {}) {
  const requests = [];
  globalThis.fetch = async (url, init = {}) => {
    const method = init.method ?? 'GET';
    requests.push({ method, url: String(url), body: init.body });
    const m = /\/sandbox\/klarna\/payment-requests\/([^/]+)(?:\/(complete|cancel))?$/.exec(new URL(url).pathname);
    const id = m && decodeURIComponent(m[1]);
    const reply = (status, body) => ({ ok: status < 400, status, json: async () => body });
    if (!m || journeys[id] === undefined || journeys[id] === 'missing') return reply(404, { error: { code: 'not_found' } });
    if (journeys[id] === 'network-down') throw new TypeError('Failed to fetch');
    if (method === 'GET') return reply(200, { payment_request_id: id, state: 'SUBMITTED', journey: journeys[id] });
    if (m[2] === 'complete') return reply(200, { payment_request_id: id, state: 'COMPLETED', klarna_network_session_token: token });
    return reply(200, { payment_request_id: id, state: 'CANCELED' });
  };
  return requests;
}

/** Registers complete/abort/error collectors on a Klarna instance. */
function collect(klarna) {
  const events = [];
  const waiters = [];
  for (const name of ['complete', 'abort', 'error']) {
    klarna.Payment.on(name, (...args) => {
      events.push({ name, args });
      waiters.splice(0).forEach((w) => w());
    });
  }
  const next = async (timeoutMs = 2000) => {
    const deadline = Date.now() + timeoutMs;
    while (events.length === 0) {
      if (Date.now() > deadline) throw new Error('no Klarna event arrived');
      await sleep(5);
    }
    return events.shift();
  };
  return { events, next };
}

const findByTestId = (doc, id) => doc.querySelector(`[data-testid="${id}"]`);

async function waitFor(fn, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

// ───────────────────────── tests ─────────────────────────

beforeEach(() => {
  record()?.reset();
});

const PRESENT = { amount: 5000, currency: 'EUR', locale: 'de-DE' };

describe('KlarnaSDK config: only what Klarna\'s SDKConfig names', () => {
  test('rejects a missing or empty clientId with a TypeError naming clientId', async () => {
    const { KlarnaSDK } = await load();
    await assert.rejects(KlarnaSDK({}), (e) => e instanceof TypeError && /"clientId"/.test(e.message));
    await assert.rejects(KlarnaSDK({ clientId: '  ' }), (e) => e instanceof TypeError && /"clientId"/.test(e.message));
    await assert.rejects(KlarnaSDK(undefined), (e) => e instanceof TypeError && /"config"/.test(e.message));
  });

  test('rejects bad fields and fields no SDKConfig names (the network session token), naming each', async () => {
    const { KlarnaSDK } = await load();
    const cases = [
      [{ locale: 'english' }, 'locale'],
      [{ locale: 'en-us' }, 'locale'],
      [{ products: ['PAYMENTS'] }, 'products'],
      [{ products: 'PAYMENT' }, 'products'],
      [{ partnerAccountId: 42 }, 'partnerAccountId'],
      [{ sdkToken: '' }, 'sdkToken'],
      [{ sdkToken: 'sandbox_sdk_token.!!!' }, 'sdkToken'],
      [{ klarnaNetworkSessionToken: 'krn:t' }, 'klarnaNetworkSessionToken'],
      [{ accountId: 'acc' }, 'accountId'],
      [{ acquiringConfig: 'acc' }, 'acquiringConfig'],
      [{ acquiringConfig: { paymentAccountId: 'a', extra: 1 } }, 'acquiringConfig'],
    ];
    for (const [extra, field] of cases) {
      await assert.rejects(KlarnaSDK({ clientId: 'klarna_test_client_x', ...extra }),
        (e) => e instanceof TypeError && e.message.includes(`"${field}"`), `${field}: ${JSON.stringify(extra)}`);
    }
    await KlarnaSDK({ clientId: 'c', acquiringConfig: { paymentAccountId: 'pacc_1' } });
    await KlarnaSDK({ clientId: 'c', acquiringConfig: { paymentAcquiringAccountId: 'a', paymentAccountReference: 'r' } });
  });

  test('each revision has its namespaces; resolve only with ?legacy=resolve', async () => {
    const r6 = await sdkFor('r6');
    assert.deepEqual(Object.keys(r6).sort(), ['Config', 'Interoperability', 'Payment']);
    const r8 = await sdkFor('r8');
    assert.deepEqual(Object.keys(r8).sort(), ['Config', 'Identity', 'Interoperability', 'Messaging', 'Payment']);
    const v2 = await (await load()).KlarnaSDK({ clientId: 'c' });
    assert.deepEqual(Object.keys(v2).sort(), ['Config', 'Identity', 'Interoperability', 'Messaging', 'Network', 'Payment']);
    for (const fn of [v2.Payment.presentation, v2.Payment.button, v2.Payment.on, v2.Payment.off, v2.Messaging.placement,
      v2.Identity.button, v2.Identity.on,
      v2.Interoperability.token, v2.Network.Session.token, v2.Network.Session.on, v2.Config.setSdkToken, v2.Config.setPartnerAccountId]) {
      assert.equal(typeof fn, 'function');
    }
    for (const k of [r6, r8, v2]) assert.equal(k.Interoperability.resolve, undefined);
    for (const surface of SURFACES) {
      const legacy = await (await load(`?surface=${surface}&legacy=resolve`)).KlarnaSDK({ clientId: 'c' });
      assert.equal(typeof legacy.Interoperability.resolve, 'function', surface);
    }
  });

  test('?fail=init rejects KlarnaSDK; ?fail=presentation rejects only presentation', async () => {
    await assert.rejects((await load('?fail=init')).KlarnaSDK({ clientId: 'c' }), { name: 'KlarnaSandboxFault' });
    const klarna = await (await load('?fail=presentation')).KlarnaSDK({ clientId: 'c' });
    await assert.rejects(klarna.Payment.presentation(PRESENT), { name: 'KlarnaSandboxFault' });
  });

  test('?delay makes asynchronous calls wait', async () => {
    const { KlarnaSDK } = await load('?delay=60');
    const started = Date.now();
    await KlarnaSDK({ clientId: 'c' });
    assert.ok(Date.now() - started >= 55);
  });

  test('an unknown module option fails the import loudly', async () => {
    await assert.rejects(load('?surface=v1'), /surface=v1/);
    await assert.rejects(load('?legacy=v1'), /legacy=v1/);
    await assert.rejects(load('?fail=everything'), /fail=everything/);
    await assert.rejects(load('?delay=soon'), /delay=soon/);
  });
});

describe('decisions: core\'s worked cases, replayed in every revision', () => {
  for (const surface of SURFACES) {
    test(`${surface}: instruction, saved option and payment status as checkout-core decides`, async () => {
      for (const c of FACTS.cases) {
        const klarna = await sdkFor(surface, c.token);
        const p = await klarna.Payment.presentation({ amount: c.amount, currency: c.currency, locale: c.locale });
        const why = `${surface} ${JSON.stringify(c)}`;
        assert.equal(p.instruction, c.instruction, why);
        if (surface === 'r8') {
          assert.equal('savedPaymentOption' in p, c.saved_option, why);
          assert.equal(p.paymentStatus, c.payment_status, why);
        }
        if (surface === 'v2') {
          assert.equal(p.paymentOptions.length, c.saved_option ? 2 : 1, why);
          assert.equal(p.paymentStatus, c.payment_status, why);
        }
        if (surface === 'r6') assert.equal(p.paymentStatus, undefined, 'r6 has no payment status');
      }
    });
  }

  test('market rule: every market of core\'s table, its currency shows, another hides', async () => {
    const klarna = await sdkFor('v2');
    for (const [country, { currency }] of Object.entries(FACTS.markets)) {
      const locale = `en-${country}`;
      assert.equal((await klarna.Payment.presentation({ amount: 5000, currency, locale })).instruction, 'SHOW_KLARNA', locale);
      const other = currency === 'EUR' ? 'USD' : 'EUR';
      assert.equal((await klarna.Payment.presentation({ amount: 5000, currency: other, locale })).instruction, 'HIDE_KLARNA', `${locale} ${other}`);
    }
  });
});

describe('presentation input: only what the revision\'s PaymentPresentationData names', () => {
  test('r6 and r8 take intents, v2 takes intent; the token is in no revision\'s type', async () => {
    for (const surface of ['r6', 'r8']) {
      const klarna = await sdkFor(surface);
      await klarna.Payment.presentation({ ...PRESENT, intents: ['PAY'] });
      await assert.rejects(klarna.Payment.presentation({ ...PRESENT, intent: 'PAY' }), (e) => /"intent" is not a field of/.test(e.message), surface);
      await assert.rejects(klarna.Payment.presentation({ ...PRESENT, acquiringConfig: { paymentAccountId: 'a' } }), /"acquiringConfig"/);
      await assert.rejects(klarna.Payment.presentation({ ...PRESENT, klarnaNetworkSessionToken: 'krn:t' }), /"klarnaNetworkSessionToken" is not a field/);
    }
    const v2 = await sdkFor('v2');
    await v2.Payment.presentation({ ...PRESENT, intent: 'PAY', acquiringConfig: { paymentAccountId: 'pacc_1' } });
    await assert.rejects(v2.Payment.presentation({ ...PRESENT, intents: ['PAY'] }), /"intents" is not a field of v2/);
    await assert.rejects(v2.Payment.presentation({ ...PRESENT, klarnaNetworkSessionToken: 'krn:t' }), /"klarnaNetworkSessionToken"/);
  });

  test('bad values are a TypeError naming the field', async () => {
    const klarna = await sdkFor('r8');
    const cases = [
      [{ ...PRESENT, amount: 12.5 }, 'amount'], [{ ...PRESENT, amount: '5000' }, 'amount'], [{ ...PRESENT, amount: -1 }, 'amount'],
      [{ ...PRESENT, currency: 'eur' }, 'currency'], [{ amount: 5000, locale: 'de-DE' }, 'currency'],
      [{ ...PRESENT, locale: 'de' }, 'locale'], [{ amount: 5000, currency: 'EUR' }, 'locale'],
      [{ ...PRESENT, intents: ['BUY'] }, 'intents'],
    ];
    for (const [d, field] of cases) {
      await assert.rejects(klarna.Payment.presentation(d), (e) => e instanceof TypeError && e.message.includes(`"${field}"`), field);
    }
    const v2 = await sdkFor('v2');
    await assert.rejects(v2.Payment.presentation({ ...PRESENT, intent: 'BUY' }), /"intent"/);
  });
});

describe('presentation shapes', () => {
  const known = 'krn:sandbox:eu1:session-token:shopper:1';

  test('r6: the parts at the top level with text and component(), no option id, no saved option', async () => {
    const klarna = await sdkFor('r6', known);
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'GBP', locale: 'en-GB' });
    assert.deepEqual(Object.keys(p).sort(), ['header', 'icon', 'instruction', 'paymentButton', 'subheader']);
    assert.equal(p.instruction, 'PRESELECT_KLARNA');
    assert.equal(p.header.text, 'Pay with Klarna');
    assert.equal(typeof p.subheader.short.text, 'string');
    assert.equal(p.subheader.enriched.link.linkText, 'Learn more');
    assert.equal(typeof p.icon.rectangleImageUrl, 'string');
    for (const part of [p.header, p.subheader.short, p.subheader.enriched, p.icon, p.paymentButton]) {
      assert.equal(typeof part.component, 'function');
    }
    const hidden = await klarna.Payment.presentation({ amount: 5, currency: 'GBP', locale: 'en-GB' });
    assert.equal(hidden.header.text, 'Pay with Klarna', 'descriptors come with every instruction');
  });

  test('r8: paymentOption and savedPaymentOption, parts with component() only; the saved one has a badge', async () => {
    const klarna = await sdkFor('r8', known);
    const p = await klarna.Payment.presentation({ amount: 10000, currency: 'EUR', locale: 'de-DE' });
    assert.deepEqual(Object.keys(p).sort(), ['instruction', 'paymentOption', 'paymentStatus', 'savedPaymentOption']);
    const { paymentOption: o, savedPaymentOption: s } = p;
    assert.notEqual(o.paymentOptionId, s.paymentOptionId);
    assert.deepEqual(Object.keys(o).sort(), ['header', 'icon', 'message', 'paymentButton', 'paymentOptionId', 'subheader']);
    assert.deepEqual(Object.keys(s).sort(), ['badge', 'header', 'icon', 'message', 'paymentButton', 'paymentOptionId', 'subheader']);
    for (const part of [o.header, o.subheader, o.icon, o.message, o.paymentButton, s.badge]) {
      assert.deepEqual(Object.keys(part), ['component'], 'no text beside the component');
    }
  });

  test('v2: the list of options with plain strings, select() and selected, no payment button', async () => {
    const klarna = await sdkFor('v2', known);
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'PLN', locale: 'pl-PL' });
    assert.equal(p.instruction, 'PRESELECT_KLARNA');
    assert.deepEqual(Object.keys(p).sort(), ['instruction', 'paymentOptions', 'paymentStatus']);
    const [saved, standard] = p.paymentOptions;
    assert.deepEqual(Object.keys(saved).sort(), ['content', 'paymentOptionId', 'select', 'selected']);
    assert.deepEqual(Object.keys(saved.content).sort(), ['header', 'logo', 'subheader']);
    assert.equal(standard.content.header, 'Zapłać z Klarna');
    assert.match(saved.content.logo.url, /klarna-badge\.svg$/);
    assert.equal(saved.content.logo.alt, 'Klarna');
    assert.equal(saved.selected, true, 'preselected: the saved one');
    await standard.select();
    assert.equal(saved.selected, false);
    assert.equal(standard.selected, true);
    const anon = await sdkFor('v2');
    const shown = await anon.Payment.presentation({ amount: 5000, currency: 'PLN', locale: 'pl-PL' });
    assert.deepEqual(shown.paymentOptions.map((o) => o.selected), [false]);
  });

  test('texts exist for every Klarna language, differ from English, never say "sandbox"', async () => {
    const klarna = await sdkFor('r6', 'x:SHOW_KLARNA');
    const english = await klarna.Payment.presentation({ amount: 5000, currency: 'GBP', locale: 'en-GB' });
    for (const [lang, locale] of Object.entries(LANGUAGES)) {
      const currency = CURRENCY[locale];
      const p = await klarna.Payment.presentation({ amount: 12345, currency, locale });
      const texts = [p.header.text, p.subheader.short.text, p.subheader.enriched.text, p.paymentButton.text];
      for (const t of texts) {
        assert.ok(typeof t === 'string' && t.trim().length > 1, `${locale}: empty text`);
        assert.doesNotMatch(t, /sandbox|\{\w+\}/i, `${locale}: ${t}`);
      }
      const formatted = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(123.45);
      assert.ok(p.subheader.enriched.text.includes(formatted), `${locale}: "${p.subheader.enriched.text}" lacks ${formatted}`);
      if (lang !== 'en') assert.notEqual(p.header.text, english.header.text, `${locale} header`);
    }
    const el = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'el-GR' });
    assert.match(el.header.text, /[\u0370-\u03ff]/);
    const fallback = await klarna.Payment.presentation({ amount: 5000, currency: 'USD', locale: 'ja-JP' });
    assert.equal(fallback.header.text, 'Pay with Klarna');
  });
});

describe('legacy Interoperability.resolve (?legacy=resolve)', () => {
  const cases = [
    ['no token', undefined, { currency: 'EUR', country: 'DE' }, 'PAYMENT_SUPPORTED'],
    ['known shopper', 'krn:known', { currency: 'EUR', country: 'DE' }, 'PAYMENT_PREPARED'],
    ['HIDE trigger', 'x:HIDE_KLARNA', { currency: 'EUR', country: 'DE' }, 'PAYMENT_UNSUPPORTED'],
    ['SHOW trigger', 'x:SHOW_KLARNA', { currency: 'EUR', country: 'DE' }, 'PAYMENT_SUPPORTED'],
    ['PRESELECT trigger', 'x:PRESELECT_KLARNA', { currency: 'EUR', country: 'DE' }, 'PAYMENT_PREPARED'],
    ['pending confirmation', 'x:PENDING_CONFIRMATION:1', { currency: 'EUR', country: 'DE' }, 'PAYMENT_PENDING_CONFIRMATION'],
    ['wrong market currency', undefined, { currency: 'USD', country: 'DE' }, 'PAYMENT_UNSUPPORTED'],
    ['amount out of range', undefined, { currency: 'EUR', country: 'DE', paymentAmount: 50 }, 'PAYMENT_UNSUPPORTED'],
  ];
  for (const [why, token, options, status] of cases) {
    test(why, async () => {
      const klarna = await (await load('?legacy=resolve')).KlarnaSDK({ clientId: 'c' });
      const r = await klarna.Interoperability.resolve(token ? { interoperabilityToken: token } : {}, options);
      assert.equal(r.status, status);
      assert.match(r.shoppingSessionId, /^krn:shopping:eu1:session:/);
      assert.equal(typeof r.paymentConfirmationToken === 'string', status === 'PAYMENT_PENDING_CONFIRMATION');
    });
  }

  test('the context token steers that call only; unknown fields and a missing currency are refused', async () => {
    const klarna = await (await load('?legacy=resolve')).KlarnaSDK({ clientId: 'c', locale: 'de-DE' });
    const opts = { currency: 'EUR', country: 'DE', paymentAmount: 11800 };
    assert.equal((await klarna.Interoperability.resolve({ interoperabilityToken: 'krn:x:HIDE_KLARNA' }, opts)).status, 'PAYMENT_UNSUPPORTED');
    assert.equal((await klarna.Interoperability.resolve({}, opts)).status, 'PAYMENT_SUPPORTED');
    assert.equal(klarna.Network.Session.token(), '');
    await assert.rejects(klarna.Interoperability.resolve({}, {}), (e) => e instanceof TypeError && /"currency"/.test(e.message));
    await assert.rejects(klarna.Interoperability.resolve({}, { currency: 'EUR', paymentAmount: 1.5 }), /"paymentAmount"/);
    await assert.rejects(klarna.Interoperability.resolve({ token: 'x' }, opts), /"token" is not a field/);
  });
});

describe('tokens, events, record', () => {
  test('the token comes from the sandbox sdkToken, Config.setSdkToken and emitTokenUpdate', async () => {
    const klarna = await sdkFor('v2', 'krn:first');
    const seen = [];
    klarna.Interoperability.on('tokenupdate', (t) => seen.push(['interop', t]));
    klarna.Network.Session.on('tokenupdate', (t) => seen.push(['session', t]));
    assert.equal(klarna.Network.Session.token(), 'krn:first');
    await klarna.Config.setSdkToken(`sandbox_sdk_token.${b64url('krn:sdk:SHOW_ONLY_KLARNA')}`);
    assert.equal(klarna.Interoperability.token(), 'krn:sdk:SHOW_ONLY_KLARNA');
    assert.equal((await klarna.Payment.presentation(PRESENT)).instruction, 'SHOW_ONLY_KLARNA');
    const called = record().emitTokenUpdate('krn:second:HIDE_KLARNA');
    assert.ok(called >= 2);
    assert.deepEqual(seen, [['interop', 'krn:second:HIDE_KLARNA'], ['session', 'krn:second:HIDE_KLARNA']]);
    assert.equal((await klarna.Payment.presentation(PRESENT)).instruction, 'HIDE_KLARNA');
    assert.throws(() => record().emitTokenUpdate(''), TypeError);
    assert.throws(() => klarna.Interoperability.on('update', () => {}), /"event"/);
    await assert.rejects(klarna.Config.setSdkToken(''), /"sdkToken"/);
    await assert.rejects(klarna.Config.setPartnerAccountId(undefined), /"partnerAccountId"/);
  });

  test('emitPresentationUpdate recomputes and calls presentationupdate handlers in the revision\'s shape', async () => {
    const klarna = await sdkFor('r6');
    const updates = [];
    klarna.Payment.on('presentationupdate', (p) => updates.push(p));
    await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'fr-FR' });
    record().emitPresentationUpdate({ amount: 20 });
    assert.equal(updates.at(-1).instruction, 'HIDE_KLARNA');
    record().emitPresentationUpdate({ amount: 7000 });
    assert.equal(updates.at(-1).header.text, 'Payer avec Klarna');
  });

  test('Payment.on/off validate the event and the callback', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    assert.throws(() => klarna.Payment.on('completed', () => {}), /"event"/);
    assert.throws(() => klarna.Payment.on('complete', 'nope'), /"callback"/);
  });

  test('every call is recorded with structured-cloneable args and the token at each hop', async () => {
    const token = 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:42';
    const klarna = await sdkFor('v2', token, { locale: 'da-DK' });
    await klarna.Payment.presentation({ amount: 5000, currency: 'DKK', locale: 'da-DK' });
    klarna.Payment.on('complete', () => {});
    klarna.Messaging.placement({ key: 'checkout', amount: 5000 });
    const calls = record().calls;
    assert.doesNotThrow(() => structuredClone(calls));
    const methods = calls.map((c) => c.method);
    for (const m of ['KlarnaSDK', 'presentation', 'presentation.result', 'on', 'placement']) assert.ok(methods.includes(m), m);
    assert.equal(record().callsOf('KlarnaSDK')[0].args[0].clientId, 'c');
    assert.equal(record().callsOf('KlarnaSDK')[0].options.surface, 'v2');
    assert.equal(record().callsOf('on')[0].args[1], '[Function anonymous]');
    assert.deepEqual(record().tokens().map((t) => [t.method, t.token]).slice(0, 3),
      [['KlarnaSDK', token], ['presentation', token], ['presentation.result', token]]);
    assert.equal(record().callsOf('presentation.result')[0].result.instruction, 'PRESELECT_KLARNA');
  });
});

describe('Messaging.placement (r8, v2)', () => {
  test('validates key, theme, amount, currency, locale and unknown fields', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', locale: 'en-US' });
    assert.throws(() => klarna.Messaging.placement({ key: 'banner' }), (e) => e instanceof TypeError && /"key"/.test(e.message));
    assert.throws(() => klarna.Messaging.placement({ key: 'footer', theme: 'custom' }), /"theme"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', amount: 19.99 }), /"amount"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', amount: 1999, currency: 'usd' }), /"currency"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', locale: 'en_US' }), /"locale"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', purchaseAmount: 1999 }), /"purchaseAmount" is not a field/);
    const noMarket = await (await load()).KlarnaSDK({ clientId: 'c' });
    assert.throws(() => noMarket.Messaging.placement({ key: 'checkout', amount: 1999, locale: 'ja-JP' }), /"currency"/);
  });

  test('all nine keys and four themes work; the message depends on amount and locale', async () => {
    const klarna = await sdkFor('r8', undefined, { locale: 'en-US' });
    const keys = ['checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner', 'info-page',
      'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge'];
    for (const key of keys) for (const theme of ['default', 'light', 'dark', 'outlined']) {
      const p = klarna.Messaging.placement({ key, theme });
      assert.equal(typeof p.mount, 'function');
    }
    const usd = klarna.Messaging.placement({ key: 'credit-promotion-badge', amount: 9000 });
    assert.ok(usd.text.includes('$30.00'), usd.text);
    const de = klarna.Messaging.placement({ key: 'credit-promotion-badge', amount: 9000, locale: 'de-AT' });
    assert.ok(de.text.includes(new Intl.NumberFormat('de-AT', { style: 'currency', currency: 'EUR' }).format(30)), de.text);
    assert.equal(klarna.Messaging.placement({ key: 'footer' }).text, 'Buy now, pay later with Klarna.');
    assert.equal(klarna.Messaging.placement({ key: 'checkout', amount: 50 }).text, 'Buy now, pay later with Klarna.');
  });
});

describe('DOM: components, button and purchase journey (fake DOM)', () => {
  let dom;
  beforeEach(() => {
    dom = installFakeDom();
  });

  test('components mount and unmount, and the record counts what is mounted; the stylesheet is linked once', async () => {
    const klarna = await sdkFor('r8', 'krn:known');
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'it-IT' });
    const host = dom.doc.body.appendChild(dom.doc.createElement('div'));
    host.id = 'host';
    const header = p.paymentOption.header.component();
    header.mount('#host');
    p.savedPaymentOption.badge.component().mount(host);
    p.paymentOption.icon.component({ shape: 'rectangle' }).mount(host);
    assert.equal(header.htmlElement.textContent, 'Paga con Klarna');
    assert.equal(host.children.length, 3);
    assert.match(host.children[2].src, /klarna-rectangle\.svg$/);
    assert.equal(record().mounted(), 3);
    assert.equal(dom.doc.querySelectorAll('link[data-klarna-sandbox-stylesheet]').length, 1);
    header.unmount();
    assert.equal(host.children.length, 2);
    assert.equal(record().mounted(), 2);
    assert.deepEqual(record().callsOf('component').map((c) => c.args[0].part), ['header', 'badge', 'icon']);
    assert.throws(() => p.paymentOption.icon.component({ shape: 'round' }), /"shape"/);
    assert.throws(() => header.mount('#nowhere'), /"target"/);
  });

  test('the button is a real button, takes only its revision\'s config fields, and toggles states', async () => {
    const klarna = await sdkFor('v2', undefined, { locale: 'fi-FI' });
    assert.throws(() => klarna.Payment.button({}), (e) => e instanceof TypeError && /"initiate"/.test(e.message));
    assert.throws(() => klarna.Payment.button({ initiate() {}, theme: 'pink' }), /"theme"/);
    assert.throws(() => klarna.Payment.button({ initiate() {}, initiationMode: 'IFRAME' }), /"initiationMode"/);
    assert.throws(() => klarna.Payment.button({ initiate() {}, intents: ['PAY'] }), /"intents" is not a field of v2/);
    assert.throws(() => klarna.Payment.button({ initiate() {}, logoAlignment: 'left' }), /"logoAlignment" is not a field/);
    const r6 = await sdkFor('r6');
    assert.throws(() => r6.Payment.button({ initiate() {}, hideOverlay: true }), /"hideOverlay" is not a field of r6/);
    const button = klarna.Payment.button({ initiate: async () => ({}), id: 'pay', theme: 'outlined', shape: 'pill' });
    const node = button.htmlElement;
    assert.equal(node.tagName, 'BUTTON');
    assert.equal(node.type, 'button');
    assert.equal(node.id, 'pay');
    assert.equal(node.getAttribute('data-testid'), 'klarna-payment-button');
    assert.equal(node.textContent, 'Maksa Klarnalla');
    button.toggleState('disabled', true);
    assert.equal(node.disabled, true);
    button.toggleState('disabled', false);
    button.toggleState('loading', true);
    assert.equal(node.getAttribute('aria-busy'), 'true');
    button.toggleState('loading', false);
    assert.equal(node.getAttribute('aria-busy'), null);
    assert.throws(() => button.toggleState('busy', true), /"state"/);
    assert.throws(() => button.toggleState('loading', 'yes'), /"on"/);
  });

  test('initiate receives what the revision passes: r6 nothing, r8 the token and option, v2 also acquiringConfig', async () => {
    const token = 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:7';
    const seen = {};
    for (const surface of SURFACES) {
      const klarna = await sdkFor(surface, token, { acquiringConfig: { paymentAccountId: 'pacc_1' } });
      const p = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'es-ES' });
      const events = collect(klarna);
      const initiate = async (...args) => {
        seen[surface] = args;
        return { returnUrl: 'https://shop.example/done' };
      };
      klarna.Payment.on('complete', () => false);
      let button;
      if (surface === 'r6') button = p.paymentButton.component({ initiate });
      else if (surface === 'r8') button = p.savedPaymentOption.paymentButton.component({ initiate });
      else {
        await p.paymentOptions[1].select();
        button = klarna.Payment.button({ initiate });
      }
      button.htmlElement.click();
      assert.equal((await events.next()).name, 'complete');
    }
    assert.deepEqual(seen.r6, []);
    assert.deepEqual(seen.r8, [{ klarnaNetworkSessionToken: token, paymentOptionId: 'po_sandbox_saved_es' }]);
    assert.deepEqual(seen.v2, [{ klarnaNetworkSessionToken: token, paymentOptionId: 'po_sandbox_klarna_es', acquiringConfig: { paymentAccountId: 'pacc_1' } }]);
  });

  test('a double click starts one initiate; returnUrl → complete with the token + redirect', async () => {
    const token = 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:7';
    const klarna = await sdkFor('v2', token);
    const events = collect(klarna);
    const initiated = [];
    const button = klarna.Payment.button({
      initiate: async (params) => {
        initiated.push(params);
        await sleep(20);
        return { returnUrl: 'https://shop.example/done?id={klarna.payment_request.id}&state={klarna.payment_request.state}' };
      },
    });
    button.htmlElement.click();
    button.htmlElement.click();
    const complete = await events.next();
    assert.equal(initiated.length, 1);
    assert.equal(complete.name, 'complete');
    const pr = complete.args[0];
    assert.equal(pr.state, 'COMPLETED');
    assert.deepEqual(pr.stateContext, { klarnaNetworkSessionToken: token, paymentToken: token });
    await waitFor(() => dom.assigned.length === 1);
    assert.equal(dom.assigned[0], `https://shop.example/done?id=${encodeURIComponent(pr.paymentRequestId)}&state=COMPLETED`);
    button.htmlElement.click();
    await tick();
    assert.equal(initiated.length, 1, 'no second payment while the page navigates away');
  });

  test('a complete handler returning false suppresses the redirect', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    klarna.Payment.on('complete', async () => false);
    const button = klarna.Payment.button({ initiate: () => ({ returnUrl: 'https://shop.example/done' }) });
    button.htmlElement.click();
    await waitFor(() => record().callsOf('redirect.suppressed').length === 1);
    assert.equal(dom.assigned.length, 0);
    assert.equal(button.htmlElement.getAttribute('aria-busy'), null, 'button usable again');
  });

  test('errors are Klarna\'s PaymentError: no `code`; `name` from r8 on', async () => {
    for (const surface of SURFACES) {
      const klarna = await sdkFor(surface);
      const events = collect(klarna);
      // (`{currency, amount}` is Klarna's PaymentRequestData: the express journey, tested in the browser suites.)
      for (const answer of [{}, null, 'ok', [], { paymentRequestUrl: 'https://x.example/' }, { amount: 100 }]) {
        klarna.Payment.button({ initiate: async () => answer }).htmlElement.click();
        const e = await events.next();
        assert.equal(e.name, 'error');
        const err = e.args[0];
        assert.equal(err.errorCode, 'INVALID_CALLBACK_RESPONSE', JSON.stringify(answer));
        assert.equal(err.errorType, 'INPUT_ERROR');
        assert.match(err.errorId, /^[0-9a-f-]{36}$/);
        assert.equal(typeof err.errorMessage, 'string');
        assert.equal('code' in err, false);
        assert.equal(err.name, surface === 'r6' ? undefined : 'PaymentError', surface);
      }
      klarna.Payment.button({ initiate: async () => { throw new Error('declined by acquirer'); } }).htmlElement.click();
      const rejected = (await events.next()).args[0];
      assert.equal(rejected.errorCode, 'INITIATE_REJECTED');
      assert.equal(rejected.errorMessage, 'declined by acquirer');
    }
  });

  test('step-up journey: dialog, confirm → POST complete → complete with the webhook token', async () => {
    const requests = installFakeApi({ pr_ok: 'complete' });
    const klarna = await sdkFor('r8', 'krn:before');
    const events = collect(klarna);
    const button = klarna.Payment.button({ initiate: async () => ({ paymentRequestId: 'pr_ok' }) });
    dom.doc.body.appendChild(button.htmlElement);
    button.htmlElement.focus();
    button.htmlElement.click();
    const confirm = await waitFor(() => findByTestId(dom.doc, 'klarna-journey-confirm'));
    const dialog = dom.doc.querySelector('[role="dialog"]');
    assert.equal(dialog.parentNode, dom.doc.body);
    assert.equal(dialog.getAttribute('aria-modal'), 'true');
    const title = dom.doc.querySelector(`#${dialog.getAttribute('aria-labelledby')}`);
    assert.match(title.textContent, /\(sandbox\)/);
    assert.equal(dom.doc.activeElement, confirm, 'focus moved into the dialog');
    assert.equal(confirm.textContent, 'Confirm and pay');
    button.htmlElement.click();
    confirm.click();
    const e = await events.next();
    assert.equal(e.name, 'complete');
    const webhookToken = 'krn:sandbox:eu1:session-token:FROM_WEBHOOK';
    assert.deepEqual(e.args[0], {
      paymentRequestId: 'pr_ok', state: 'COMPLETED', previousState: 'IN_PROGRESS',
      stateContext: { paymentToken: webhookToken, interoperabilityToken: webhookToken },
    });
    assert.equal(dom.doc.querySelector('[role="dialog"]'), null, 'dialog closed');
    assert.equal(dom.doc.activeElement, button.htmlElement, 'focus restored');
    assert.deepEqual(requests.map((r) => [r.method, new URL(r.url).pathname]),
      [['GET', '/sandbox/klarna/payment-requests/pr_ok'], ['POST', '/sandbox/klarna/payment-requests/pr_ok/complete']]);
    assert.equal(record().callsOf('initiate').length, 1);
  });

  test('Cancel and Escape abort: POST cancel, abort event with PURCHASE_FLOW_ABORTED', async () => {
    const requests = installFakeApi({ pr_c: 'complete' });
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const events = collect(klarna);
    const button = klarna.Payment.button({ initiate: async () => ({ paymentRequestUrl: 'https://pay.example/payment-requests/pr_c' }) });
    button.htmlElement.click();
    (await waitFor(() => findByTestId(dom.doc, 'klarna-journey-cancel'))).click();
    const aborted = await events.next();
    assert.deepEqual(aborted, { name: 'abort', args: [{ paymentRequestId: 'pr_c', state: 'CANCELED', stateReason: 'PURCHASE_FLOW_ABORTED' }] });
    assert.match(requests.at(-1).url, /\/payment-requests\/pr_c\/cancel$/);
    await waitFor(() => button.htmlElement.getAttribute('aria-busy') === null);
    button.htmlElement.click();
    await waitFor(() => findByTestId(dom.doc, 'klarna-journey-confirm'));
    dom.doc.activeElement.dispatchEvent({ type: 'keydown', key: 'Escape' });
    assert.equal((await events.next()).name, 'abort');
    assert.equal(dom.doc.querySelector('[role="dialog"]'), null);
  });

  test('journey "abort": the dialog shows briefly then closes itself', async () => {
    const requests = installFakeApi({ pr_a: 'abort' });
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const events = collect(klarna);
    klarna.Payment.button({ initiate: async () => ({ paymentRequestId: 'pr_a' }) }).htmlElement.click();
    await waitFor(() => dom.doc.querySelector('[role="dialog"]'));
    const opened = Date.now();
    const e = await events.next();
    assert.ok(Date.now() - opened >= 250, 'stayed open about 300 ms');
    assert.equal(e.name, 'abort');
    assert.ok(requests.some((r) => r.method === 'POST' && r.url.endsWith('/pr_a/cancel')));
  });

  test('a failing sandbox API → PaymentError TECHNICAL_ERROR with the payment request, and the dialog closes', async () => {
    installFakeApi({ pr_down: 'network-down' });
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const events = collect(klarna);
    for (const id of ['pr_missing', 'pr_down']) {
      klarna.Payment.button({ initiate: async () => ({ paymentRequestId: id }) }).htmlElement.click();
      const e = await events.next();
      assert.equal(e.name, 'error');
      assert.equal(e.args[0].errorCode, 'TECHNICAL_ERROR');
      assert.equal(e.args[0].errorType, 'TECHNICAL_ERROR');
      assert.equal(e.args[1].paymentRequestId, id);
      assert.equal(dom.doc.querySelector('[role="dialog"]'), null);
    }
  });

  test('journey texts carry the (sandbox) marker in every language', async () => {
    installFakeApi({ pr_l: 'complete' });
    const { KlarnaSDK } = await load();
    for (const locale of Object.values(LANGUAGES)) {
      const klarna = await KlarnaSDK({ clientId: 'c', locale });
      const events = collect(klarna);
      klarna.Payment.button({ initiate: async () => ({ paymentRequestId: 'pr_l' }) }).htmlElement.click();
      const cancel = await waitFor(() => findByTestId(dom.doc, 'klarna-journey-cancel'));
      const dialog = dom.doc.querySelector('[role="dialog"]');
      const status = dom.doc.querySelector(`#${dialog.getAttribute('aria-describedby')}`);
      assert.match(status.textContent, /\S.*\(sandbox\)$/, locale);
      if (!locale.startsWith('en')) assert.notEqual(cancel.textContent, 'Cancel', locale);
      cancel.click();
      assert.equal((await events.next()).name, 'abort');
    }
  });
});
