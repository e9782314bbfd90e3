// Tests of the Klarna Web SDK emulator (www/sandbox/klarna.js).
// Run: node --test tests/sandbox/   (Node 20, no packages)
//
// The DOM-free surface (validation, instruction triggers, market rule, v1 statuses, shapes, texts, record)
// is tested directly. The button, the purchase journey and mounting run against the small fake DOM below,
// with a fake `fetch` standing in for the sandbox API and a fake `location`.
// Module options are query strings on the import URL; each distinct URL is its own module instance and they
// all share `globalThis.__klarnaSandbox`.

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const MODULE = new URL('../../www/sandbox/klarna.js', import.meta.url).href;
const load = (query = '') => import(`${MODULE}${query}`);
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

describe('KlarnaSDK config validation', () => {
  test('rejects a missing or empty clientId with a TypeError naming clientId', async () => {
    const { KlarnaSDK } = await load();
    await assert.rejects(KlarnaSDK({}), (e) => e instanceof TypeError && /"clientId"/.test(e.message));
    await assert.rejects(KlarnaSDK({ clientId: '  ' }), (e) => e instanceof TypeError && /"clientId"/.test(e.message));
    await assert.rejects(KlarnaSDK(undefined), (e) => e instanceof TypeError && /"config"/.test(e.message));
  });

  test('rejects bad optional fields, naming each', async () => {
    const { KlarnaSDK } = await load();
    const cases = [
      [{ locale: 'english' }, 'locale'],
      [{ locale: 'en-us' }, 'locale'],
      [{ products: ['PAYMENTS'] }, 'products'],
      [{ products: 'PAYMENT' }, 'products'],
      [{ partnerAccountId: 42 }, 'partnerAccountId'],
      [{ sdkToken: '' }, 'sdkToken'],
      [{ sdkToken: 'sandbox_sdk_token.!!!' }, 'sdkToken'],
      [{ klarnaNetworkSessionToken: 7 }, 'klarnaNetworkSessionToken'],
      [{ acquiringConfig: 'acc' }, 'acquiringConfig'],
    ];
    for (const [extra, field] of cases) {
      await assert.rejects(KlarnaSDK({ clientId: 'klarna_test_client_x', ...extra }),
        (e) => e instanceof TypeError && e.message.includes(`"${field}"`), `${field}: ${JSON.stringify(extra)}`);
    }
  });

  test('returns the v2 namespaces; resolve only with ?surface=v1', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'klarna_test_client_x', products: ['PAYMENT', 'MESSAGING'], locale: 'de-DE' });
    for (const fn of [klarna.Payment.presentation, klarna.Payment.button, klarna.Payment.on, klarna.Payment.off,
      klarna.Messaging.placement, klarna.Interoperability.token, klarna.Interoperability.on,
      klarna.Network.Session.token, klarna.Network.Session.on, klarna.Config.setSdkToken, klarna.Config.setPartnerAccountId]) {
      assert.equal(typeof fn, 'function');
    }
    assert.equal(klarna.Interoperability.resolve, undefined);
    const v1 = await (await load('?surface=v1')).KlarnaSDK({ clientId: 'c' });
    assert.equal(typeof v1.Interoperability.resolve, 'function');
  });

  test('?fail=init rejects KlarnaSDK; ?fail=presentation rejects only presentation', async () => {
    await assert.rejects((await load('?fail=init')).KlarnaSDK({ clientId: 'c' }), { name: 'KlarnaSandboxFault' });
    const klarna = await (await load('?fail=presentation')).KlarnaSDK({ clientId: 'c' });
    await assert.rejects(klarna.Payment.presentation({ amount: 1000, currency: 'EUR', locale: 'de-DE' }), { name: 'KlarnaSandboxFault' });
  });

  test('?delay makes asynchronous calls wait', async () => {
    const { KlarnaSDK } = await load('?delay=60');
    const started = Date.now();
    await KlarnaSDK({ clientId: 'c' });
    assert.ok(Date.now() - started >= 55);
  });

  test('an unknown module option fails the import loudly', async () => {
    await assert.rejects(load('?shape=r8'), /shape=r8/);
    await assert.rejects(load('?fail=everything'), /fail=everything/);
    await assert.rejects(load('?delay=soon'), /delay=soon/);
  });
});

describe('presentation instruction (test triggers)', () => {
  const cases = [
    // [why, sdk config extra, presentation data, instruction, has saved option]
    ['no token, market currency, in range', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE' }, 'SHOW_KLARNA', false],
    ['trigger HIDE', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'krn:sandbox:eu1:session-token:HIDE_KLARNA:1' }, 'HIDE_KLARNA', false],
    ['trigger SHOW', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'krn:sandbox:eu1:session-token:SHOW_KLARNA:1' }, 'SHOW_KLARNA', true],
    ['trigger PRESELECT', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1234' }, 'PRESELECT_KLARNA', true],
    ['trigger SHOW_ONLY', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'x:SHOW_ONLY_KLARNA' }, 'SHOW_ONLY_KLARNA', true],
    ['trigger wins over a wrong currency', {}, { amount: 5000, currency: 'USD', locale: 'de-DE', klarnaNetworkSessionToken: 'x:SHOW_KLARNA' }, 'SHOW_KLARNA', true],
    ['trigger wins over an amount out of range', {}, { amount: 5, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'x:PRESELECT_KLARNA' }, 'PRESELECT_KLARNA', true],
    ['most restrictive trigger wins', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'SHOW_KLARNA:HIDE_KLARNA' }, 'HIDE_KLARNA', false],
    ['amount 99 too small', {}, { amount: 99, currency: 'EUR', locale: 'de-DE' }, 'HIDE_KLARNA', false],
    ['amount 100 is the minimum', {}, { amount: 100, currency: 'EUR', locale: 'de-DE' }, 'SHOW_KLARNA', false],
    ['amount 1,000,000 is the maximum', {}, { amount: 1_000_000, currency: 'EUR', locale: 'de-DE' }, 'SHOW_KLARNA', false],
    ['amount 1,000,001 too large', {}, { amount: 1_000_001, currency: 'EUR', locale: 'de-DE' }, 'HIDE_KLARNA', false],
    ['amount out of range hides even a known shopper', {}, { amount: 0, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'krn:known' }, 'HIDE_KLARNA', false],
    ['known shopper (token without trigger)', {}, { amount: 5000, currency: 'EUR', locale: 'de-DE', klarnaNetworkSessionToken: 'krn:sandbox:eu1:session-token:abc' }, 'PRESELECT_KLARNA', true],
    ['token from KlarnaSDK config', { klarnaNetworkSessionToken: 'krn:cfg' }, { amount: 5000, currency: 'EUR', locale: 'de-DE' }, 'PRESELECT_KLARNA', true],
    ['token from the sandbox sdkToken', { sdkToken: `sandbox_sdk_token.${b64url('krn:x:HIDE_KLARNA')}` }, { amount: 5000, currency: 'EUR', locale: 'de-DE' }, 'HIDE_KLARNA', false],
    ['locale from KlarnaSDK config', { locale: 'sv-SE' }, { amount: 5000, currency: 'SEK' }, 'SHOW_KLARNA', false],
  ];
  for (const [why, extra, data, instruction, saved] of cases) {
    test(why, async () => {
      const { KlarnaSDK } = await load();
      const klarna = await KlarnaSDK({ clientId: 'c', ...extra });
      const p = await klarna.Payment.presentation(data);
      assert.equal(p.instruction, instruction);
      assert.equal('savedPaymentOption' in p, saved, 'savedPaymentOption presence');
      assert.equal(typeof p.paymentOption.paymentOptionId, 'string', 'paymentOption is always described');
      assert.equal(typeof p.paymentOption.header.text, 'string');
    });
  }

  test('market rule: the locale country decides the currency', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const markets = {
      AT: 'EUR', BE: 'EUR', DE: 'EUR', ES: 'EUR', FI: 'EUR', FR: 'EUR', GR: 'EUR', IE: 'EUR', IT: 'EUR', NL: 'EUR', PT: 'EUR',
      AU: 'AUD', CA: 'CAD', CH: 'CHF', CZ: 'CZK', DK: 'DKK', GB: 'GBP', HU: 'HUF', MX: 'MXN', NO: 'NOK', NZ: 'NZD',
      PL: 'PLN', RO: 'RON', SE: 'SEK', US: 'USD',
    };
    for (const [country, currency] of Object.entries(markets)) {
      const locale = `en-${country}`;
      assert.equal((await klarna.Payment.presentation({ amount: 5000, currency, locale })).instruction, 'SHOW_KLARNA', locale);
      const other = currency === 'EUR' ? 'USD' : 'EUR';
      assert.equal((await klarna.Payment.presentation({ amount: 5000, currency: other, locale })).instruction, 'HIDE_KLARNA', `${locale} ${other}`);
    }
    assert.equal((await klarna.Payment.presentation({ amount: 5000, currency: 'JPY', locale: 'ja-JP' })).instruction, 'HIDE_KLARNA');
  });

  test('invalid presentation input is a TypeError naming the field', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const base = { amount: 5000, currency: 'EUR', locale: 'de-DE' };
    const cases = [
      [{ ...base, amount: 12.5 }, 'amount'], [{ ...base, amount: '5000' }, 'amount'], [{ ...base, amount: -1 }, 'amount'],
      [{ ...base, currency: 'eur' }, 'currency'], [{ ...base, currency: undefined }, 'currency'],
      [{ ...base, locale: 'de' }, 'locale'], [{ amount: 5000, currency: 'EUR' }, 'locale'],
      [{ ...base, intents: ['BUY'] }, 'intents'], [{ ...base, klarnaNetworkSessionToken: 5 }, 'klarnaNetworkSessionToken'],
    ];
    for (const [data, field] of cases) {
      await assert.rejects(klarna.Payment.presentation(data), (e) => e instanceof TypeError && e.message.includes(`"${field}"`), field);
    }
  });
});

describe('presentation shapes and descriptors', () => {
  test('current shape: parts with text, icon URLs, ids, localized message with Intl-formatted money', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: 'krn:known' });
    const p = await klarna.Payment.presentation({ amount: 10000, currency: 'EUR', locale: 'de-DE' });
    const { paymentOption: o, savedPaymentOption: s } = p;
    assert.equal(o.header.text, 'Mit Klarna bezahlen');
    assert.equal(o.paymentButton.text, 'Mit Klarna bezahlen');
    const fmt = (n) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(n);
    assert.ok(o.message.text.includes(fmt(100)) && o.message.text.includes(fmt(33.34)), o.message.text);
    assert.match(o.paymentOptionId, /\S/);
    assert.notEqual(o.paymentOptionId, s.paymentOptionId);
    assert.equal(s.badge.text, 'Gespeichert');
    assert.equal(o.badge, undefined);
    assert.equal(o.icon.alt, 'Klarna');
    for (const url of [o.icon.badgeImageUrl, o.icon.rectangleImageUrl, o.icon.squareImageUrl]) assert.match(url, /\/assets\/klarna-\w+\.svg$/);
    for (const part of [o.header, o.subheader, o.message, o.paymentButton, s.badge]) assert.equal(typeof part.component, 'function');
  });

  test('the message depends on the amount and the currency', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const a = await klarna.Payment.presentation({ amount: 3000, currency: 'SEK', locale: 'sv-SE' });
    const b = await klarna.Payment.presentation({ amount: 9000, currency: 'SEK', locale: 'sv-SE' });
    const fmt = (n) => new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' }).format(n);
    assert.ok(a.paymentOption.message.text.includes(fmt(10)), a.paymentOption.message.text);
    assert.ok(b.paymentOption.message.text.includes(fmt(30)), b.paymentOption.message.text);
  });

  test('?shape=r6 returns top-level parts with short/enriched subheader', async () => {
    const { KlarnaSDK } = await load('?shape=r6');
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'GBP', locale: 'en-GB' });
    assert.equal(p.instruction, 'SHOW_KLARNA');
    assert.equal(p.header.text, 'Pay with Klarna');
    assert.equal(typeof p.subheader.short.text, 'string');
    assert.equal(typeof p.subheader.enriched.text, 'string');
    assert.equal(typeof p.subheader.enriched.link.href, 'string');
    assert.equal(p.subheader.enriched.link.linkText, 'Learn more');
    assert.equal(typeof p.icon.rectangleImageUrl, 'string');
    assert.equal(typeof p.paymentButton.component, 'function');
    assert.equal(p.paymentOption, undefined);
    const hidden = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'en-GB' });
    assert.equal(hidden.instruction, 'HIDE_KLARNA');
    assert.equal(hidden.header.text, 'Pay with Klarna', 'descriptors come with every instruction');
  });

  test('?shape=list returns paymentOptions; preselect selects the saved option; select() moves the selection', async () => {
    const { KlarnaSDK } = await load('?shape=list');
    const klarna = await KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: 'krn:known' });
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'PLN', locale: 'pl-PL' });
    assert.equal(p.instruction, 'PRESELECT_KLARNA');
    assert.equal(p.paymentOptions.length, 2);
    const [saved, standard] = p.paymentOptions;
    assert.equal(saved.selected, true);
    assert.equal(standard.selected, false);
    assert.equal(saved.content.badge.text, 'Zapisana');
    assert.equal(standard.content.header.text, 'Zapłać z Klarna');
    assert.equal(typeof standard.content.logo.squareImageUrl, 'string');
    await standard.select();
    assert.equal(saved.selected, false);
    assert.equal(standard.selected, true);

    const anon = await KlarnaSDK({ clientId: 'c' });
    const shown = await anon.Payment.presentation({ amount: 5000, currency: 'PLN', locale: 'pl-PL' });
    assert.equal(shown.paymentOptions.length, 1);
    assert.equal(shown.paymentOptions[0].selected, false);
    const hidden = await anon.Payment.presentation({ amount: 50, currency: 'PLN', locale: 'pl-PL' });
    assert.equal(hidden.instruction, 'HIDE_KLARNA');
    assert.deepEqual(hidden.paymentOptions.map((o) => o.selected), [false]);
  });

  test('texts exist for every Klarna language, differ from English, never say "sandbox"', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: 'krn:known' });
    const english = (await klarna.Payment.presentation({ amount: 5000, currency: 'GBP', locale: 'en-GB' })).savedPaymentOption;
    for (const [lang, locale] of Object.entries(LANGUAGES)) {
      const currency = CURRENCY[locale];
      const p = await klarna.Payment.presentation({ amount: 12345, currency, locale });
      assert.equal(p.instruction, 'PRESELECT_KLARNA', locale);
      const o = p.savedPaymentOption;
      const texts = [o.header.text, o.subheader.text, o.message.text, o.badge.text, o.paymentButton.text, p.paymentOption.subheader.text];
      for (const t of texts) {
        assert.ok(typeof t === 'string' && t.trim().length > 1, `${locale}: empty text`);
        assert.doesNotMatch(t, /sandbox|\{\w+\}/i, `${locale}: ${t}`);
      }
      const formatted = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(123.45);
      assert.ok(o.message.text.includes(formatted), `${locale}: "${o.message.text}" lacks ${formatted}`);
      if (lang !== 'en') {
        assert.notEqual(o.header.text, english.header.text, `${locale} header`);
        assert.notEqual(o.message.text, english.message.text, `${locale} message`);
      }
    }
    const fallback = await klarna.Payment.presentation({ amount: 5000, currency: 'USD', locale: 'ja-JP', klarnaNetworkSessionToken: 'SHOW_KLARNA' });
    assert.equal(fallback.paymentOption.header.text, 'Pay with Klarna');
  });

  test('Greek uses Greek script, en-GR uses English', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const el = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'el-GR' });
    const en = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'en-GR' });
    assert.match(el.paymentOption.header.text, /[\u0370-\u03ff]/);
    assert.equal(en.paymentOption.header.text, 'Pay with Klarna');
  });
});

describe('v1 Interoperability.resolve (?surface=v1)', () => {
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
      const { KlarnaSDK } = await load('?surface=v1');
      const klarna = await KlarnaSDK({ clientId: 'c' });
      const r = await klarna.Interoperability.resolve(token ? { interoperabilityToken: token } : {}, options);
      assert.equal(r.status, status);
      assert.match(r.shoppingSessionId, /^krn:shopping:eu1:session:/);
      assert.equal(typeof r.paymentConfirmationToken === 'string', status === 'PAYMENT_PENDING_CONFIRMATION');
    });
  }

  test('a token given to one call steers that call only', async () => {
    const klarna = await (await load('?surface=v1')).KlarnaSDK({ clientId: 'c', locale: 'de-DE' });
    const opts = { currency: 'EUR', country: 'DE', paymentAmount: 11800 };
    assert.equal((await klarna.Interoperability.resolve({ interoperabilityToken: 'krn:x:HIDE_KLARNA' }, opts)).status, 'PAYMENT_UNSUPPORTED');
    assert.equal((await klarna.Interoperability.resolve({ interoperabilityToken: 'krn:x:PENDING_CONFIRMATION' }, opts)).status, 'PAYMENT_PENDING_CONFIRMATION');
    assert.equal((await klarna.Interoperability.resolve({}, opts)).status, 'PAYMENT_SUPPORTED');
    const data = { amount: 5000, currency: 'EUR', locale: 'de-DE' };
    assert.equal((await klarna.Payment.presentation({ ...data, klarnaNetworkSessionToken: 'krn:x:HIDE_KLARNA' })).instruction, 'HIDE_KLARNA');
    assert.equal((await klarna.Payment.presentation(data)).instruction, 'SHOW_KLARNA');
    assert.equal(klarna.Network.Session.token(), '');
  });

  test('options.currency is required', async () => {
    const klarna = await (await load('?surface=v1')).KlarnaSDK({ clientId: 'c' });
    await assert.rejects(klarna.Interoperability.resolve({}, {}), (e) => e instanceof TypeError && /"currency"/.test(e.message));
    await assert.rejects(klarna.Interoperability.resolve({}, { currency: 'EUR', paymentAmount: 1.5 }), /"paymentAmount"/);
  });
});

describe('tokens, events, record', () => {
  test('emitTokenUpdate sets the token and calls both tokenupdate namespaces', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: 'krn:first' });
    const seen = [];
    klarna.Interoperability.on('tokenupdate', (t) => seen.push(['interop', t]));
    klarna.Network.Session.on('tokenupdate', (t) => seen.push(['session', t]));
    assert.equal(klarna.Network.Session.token(), 'krn:first');
    const called = record().emitTokenUpdate('krn:second:HIDE_KLARNA');
    assert.ok(called >= 2);
    assert.deepEqual(seen, [['interop', 'krn:second:HIDE_KLARNA'], ['session', 'krn:second:HIDE_KLARNA']]);
    assert.equal(klarna.Interoperability.token(), 'krn:second:HIDE_KLARNA');
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'nl-NL' });
    assert.equal(p.instruction, 'HIDE_KLARNA');
    assert.throws(() => record().emitTokenUpdate(''), TypeError);
    assert.throws(() => klarna.Interoperability.on('update', () => {}), /"event"/);
  });

  test('Config.setSdkToken swaps the token; setPartnerAccountId validates', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    assert.equal(klarna.Interoperability.token(), '');
    klarna.Config.setSdkToken(`sandbox_sdk_token.${b64url('krn:sdk:SHOW_ONLY_KLARNA')}`);
    assert.equal(klarna.Interoperability.token(), 'krn:sdk:SHOW_ONLY_KLARNA');
    assert.throws(() => klarna.Config.setSdkToken(''), /"sdkToken"/);
    assert.throws(() => klarna.Config.setPartnerAccountId(undefined), /"partnerAccountId"/);
    klarna.Config.setPartnerAccountId('acc_1');
  });

  test('emitPresentationUpdate recomputes and calls presentationupdate handlers', async () => {
    const { KlarnaSDK } = await load();
    const klarna = await KlarnaSDK({ clientId: 'c' });
    const updates = [];
    klarna.Payment.on('presentationupdate', (p) => updates.push(p));
    await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'fr-FR' });
    record().emitPresentationUpdate({ amount: 20 });
    assert.equal(updates.at(-1).instruction, 'HIDE_KLARNA');
    record().emitPresentationUpdate({ amount: 7000 });
    assert.equal(updates.at(-1).paymentOption.header.text, 'Payer avec Klarna');
  });

  test('Payment.on/off validate the event and the callback', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    assert.throws(() => klarna.Payment.on('completed', () => {}), /"event"/);
    assert.throws(() => klarna.Payment.on('complete', 'nope'), /"callback"/);
  });

  test('every call is recorded with structured-cloneable args and the token at each hop', async () => {
    const { KlarnaSDK } = await load();
    const token = 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:42';
    const klarna = await KlarnaSDK({ clientId: 'c', sdkToken: `sandbox_sdk_token.${b64url(token)}`, locale: 'da-DK' });
    await klarna.Payment.presentation({ amount: 5000, currency: 'DKK', locale: 'da-DK' });
    klarna.Payment.on('complete', () => {});
    klarna.Messaging.placement({ key: 'checkout', amount: 5000 });
    const calls = record().calls;
    assert.doesNotThrow(() => structuredClone(calls));
    const methods = calls.map((c) => c.method);
    for (const m of ['KlarnaSDK', 'presentation', 'presentation.result', 'on', 'placement']) assert.ok(methods.includes(m), m);
    assert.equal(record().callsOf('KlarnaSDK')[0].args[0].clientId, 'c');
    assert.equal(record().callsOf('on')[0].args[1], '[Function anonymous]');
    assert.deepEqual(record().tokens().map((t) => [t.method, t.token]).slice(0, 3),
      [['KlarnaSDK', token], ['presentation', token], ['presentation.result', token]]);
    assert.equal(record().callsOf('presentation.result')[0].result.instruction, 'PRESELECT_KLARNA');
  });
});

describe('Messaging.placement', () => {
  test('validates key, theme, amount, currency and locale', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', locale: 'en-US' });
    assert.throws(() => klarna.Messaging.placement({ key: 'banner' }), (e) => e instanceof TypeError && /"key"/.test(e.message));
    assert.throws(() => klarna.Messaging.placement({ key: 'footer', theme: 'custom' }), /"theme"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', amount: 19.99 }), /"amount"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', amount: 1999, currency: 'usd' }), /"currency"/);
    assert.throws(() => klarna.Messaging.placement({ key: 'checkout', locale: 'en_US' }), /"locale"/);
    const noMarket = await (await load()).KlarnaSDK({ clientId: 'c' });
    assert.throws(() => noMarket.Messaging.placement({ key: 'checkout', amount: 1999, locale: 'ja-JP' }), /"currency"/);
  });

  test('all nine keys and four themes work; the message depends on amount and locale', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', locale: 'en-US' });
    const keys = ['checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner', 'info-page',
      'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge'];
    for (const key of keys) for (const theme of ['default', 'light', 'dark', 'outlined']) {
      const p = klarna.Messaging.placement({ key, theme });
      assert.equal(typeof p.mount, 'function');
      assert.equal(typeof p.unmount, 'function');
    }
    const usd = klarna.Messaging.placement({ key: 'credit-promotion-badge', amount: 9000 });
    assert.ok(usd.text.includes('$30.00'), usd.text);
    const de = klarna.Messaging.placement({ key: 'credit-promotion-badge', amount: 9000, locale: 'de-AT' });
    assert.ok(de.text.includes(new Intl.NumberFormat('de-AT', { style: 'currency', currency: 'EUR' }).format(30)), de.text);
    const generic = klarna.Messaging.placement({ key: 'footer' });
    assert.equal(generic.text, 'Buy now, pay later with Klarna.');
    const tooSmall = klarna.Messaging.placement({ key: 'checkout', amount: 50 });
    assert.equal(tooSmall.text, 'Buy now, pay later with Klarna.');
  });
});

describe('DOM: components, button and purchase journey (fake DOM)', () => {
  let dom;
  beforeEach(() => {
    dom = installFakeDom();
  });

  test('descriptor components mount and unmount; the stylesheet is linked once', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'it-IT' });
    const host = dom.doc.body.appendChild(dom.doc.createElement('div'));
    host.id = 'host';
    const header = p.paymentOption.header.component();
    header.mount('#host');
    p.paymentOption.icon.component({ shape: 'rectangle' }).mount(host);
    assert.equal(header.htmlElement.textContent, 'Paga con Klarna');
    assert.equal(host.children.length, 2);
    assert.match(host.children[1].src, /klarna-rectangle\.svg$/);
    assert.equal(dom.doc.querySelectorAll('link[data-klarna-sandbox-stylesheet]').length, 1);
    assert.match(dom.doc.querySelector('link[data-klarna-sandbox-stylesheet]').href, /\/klarna\.css$/);
    header.unmount();
    assert.equal(host.children.length, 1);
    assert.throws(() => p.paymentOption.icon.component({ shape: 'round' }), /"shape"/);
    assert.throws(() => header.mount('#nowhere'), /"target"/);
    const placement = klarna.Messaging.placement({ key: 'sidebar', theme: 'dark', amount: 4500, locale: 'it-IT' }).mount(host);
    assert.ok(findByTestId(dom.doc, 'klarna-placement').classList.contains('klarna-sandbox-theme--dark'));
    placement.unmount();
  });

  test('the button is a real button, validates its config and toggles states', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', locale: 'fi-FI' });
    assert.throws(() => klarna.Payment.button({}), (e) => e instanceof TypeError && /"initiate"/.test(e.message));
    assert.throws(() => klarna.Payment.button({ initiate() {}, theme: 'pink' }), /"theme"/);
    assert.throws(() => klarna.Payment.button({ initiate() {}, shape: 'round' }), /"shape"/);
    assert.throws(() => klarna.Payment.button({ initiate() {}, initiationMode: 'IFRAME' }), /"initiationMode"/);
    const button = klarna.Payment.button({ initiate: async () => ({}), id: 'pay', theme: 'outlined', shape: 'pill' });
    const node = button.htmlElement;
    assert.equal(node.tagName, 'BUTTON');
    assert.equal(node.type, 'button');
    assert.equal(node.id, 'pay');
    assert.equal(node.getAttribute('data-testid'), 'klarna-payment-button');
    assert.ok(node.classList.contains('klarna-sandbox-button'));
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

  test('a double click starts one initiate with the token and the option id; returnUrl → complete + redirect', async () => {
    const token = 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:7';
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: token });
    const p = await klarna.Payment.presentation({ amount: 5000, currency: 'EUR', locale: 'es-ES' });
    const events = collect(klarna);
    const initiated = [];
    const button = p.savedPaymentOption.paymentButton.component({
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
    assert.deepEqual(initiated[0], { klarnaNetworkSessionToken: token, paymentOptionId: p.savedPaymentOption.paymentOptionId });
    assert.equal(complete.name, 'complete');
    const pr = complete.args[0];
    assert.equal(pr.state, 'COMPLETED');
    assert.deepEqual(pr.stateContext, { klarnaNetworkSessionToken: token, paymentToken: token, interoperabilityToken: token });
    await waitFor(() => dom.assigned.length === 1);
    assert.equal(dom.assigned[0], `https://shop.example/done?id=${encodeURIComponent(pr.paymentRequestId)}&state=COMPLETED`);
    button.htmlElement.click();
    await tick();
    assert.equal(initiated.length, 1, 'no second payment while the page navigates away');
    assert.deepEqual(record().tokens().filter((t) => ['initiate', 'event.complete'].includes(t.method)).map((t) => t.token), [token, token]);
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

  test('{} and non-objects → INVALID_CALLBACK_RESPONSE; a rejection → INITIATE_REJECTED with its message', async () => {
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const events = collect(klarna);
    // (`{currency, amount}` is Klarna's PaymentRequestData: the express journey, tested in the browser suites.)
    for (const answer of [{}, null, 'ok', [], { paymentRequestUrl: 'https://x.example/' }, { amount: 100 }]) {
      klarna.Payment.button({ initiate: async () => answer }).htmlElement.click();
      const e = await events.next();
      assert.equal(e.name, 'error');
      assert.equal(e.args[0].code, 'INVALID_CALLBACK_RESPONSE', JSON.stringify(answer));
      assert.equal(typeof e.args[0].message, 'string');
    }
    klarna.Payment.button({ initiate: async () => { throw new Error('declined by acquirer'); } }).htmlElement.click();
    const rejected = await events.next();
    assert.deepEqual(rejected.args[0], { code: 'INITIATE_REJECTED', message: 'declined by acquirer' });
  });

  test('step-up journey: dialog, confirm → POST complete → complete with the webhook token', async () => {
    const requests = installFakeApi({ pr_ok: 'complete' });
    const outside = dom.doc.body.appendChild(dom.doc.createElement('button'));
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c', klarnaNetworkSessionToken: 'krn:before' });
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
    assert.ok(findByTestId(dom.doc, 'klarna-journey-cancel'));
    button.htmlElement.click();
    confirm.click();
    const e = await events.next();
    assert.equal(e.name, 'complete');
    assert.deepEqual(e.args[0], {
      paymentRequestId: 'pr_ok', state: 'COMPLETED', previousState: 'IN_PROGRESS',
      stateContext: {
        klarnaNetworkSessionToken: 'krn:sandbox:eu1:session-token:FROM_WEBHOOK',
        paymentToken: 'krn:sandbox:eu1:session-token:FROM_WEBHOOK',
        interoperabilityToken: 'krn:sandbox:eu1:session-token:FROM_WEBHOOK',
      },
    });
    assert.equal(dom.doc.querySelector('[role="dialog"]'), null, 'dialog closed');
    assert.equal(dom.doc.activeElement, button.htmlElement, 'focus restored');
    assert.deepEqual(requests.map((r) => [r.method, new URL(r.url).pathname]),
      [['GET', '/sandbox/klarna/payment-requests/pr_ok'], ['POST', '/sandbox/klarna/payment-requests/pr_ok/complete']]);
    assert.equal(record().callsOf('initiate').length, 1);
    assert.ok(outside);
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
    assert.deepEqual(requests.at(-1).method, 'POST');
    assert.match(requests.at(-1).url, /\/payment-requests\/pr_c\/cancel$/);

    await waitFor(() => button.htmlElement.getAttribute('aria-busy') === null);
    button.htmlElement.click();
    await waitFor(() => findByTestId(dom.doc, 'klarna-journey-confirm'));
    dom.doc.activeElement.dispatchEvent({ type: 'keydown', key: 'Escape' });
    const escaped = await events.next();
    assert.equal(escaped.name, 'abort');
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
    assert.equal(e.args[0].stateReason, 'PURCHASE_FLOW_ABORTED');
    assert.ok(requests.some((r) => r.method === 'POST' && r.url.endsWith('/pr_a/cancel')));
    assert.equal(dom.doc.querySelector('[role="dialog"]'), null);
  });

  test('a failing sandbox API → error TECHNICAL_ERROR and the dialog closes', async () => {
    installFakeApi({ pr_down: 'network-down' });
    const klarna = await (await load()).KlarnaSDK({ clientId: 'c' });
    const events = collect(klarna);
    for (const id of ['pr_missing', 'pr_down']) {
      klarna.Payment.button({ initiate: async () => ({ paymentRequestId: id }) }).htmlElement.click();
      const e = await events.next();
      assert.equal(e.name, 'error');
      assert.equal(e.args[0].code, 'TECHNICAL_ERROR');
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
