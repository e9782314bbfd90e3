/**
 * Embeds the hosted payment page in an iframe and speaks the typed, versioned
 * postMessage protocol of docs/protocol.md with it: exact target origins,
 * origin + source window + per-mount channel checks on every message, a
 * version handshake, request ids for commands, and an iframe that keeps its
 * content's height (reserved up front, so the page does not jump).
 */

/**
 * Where a network session token from Sign in with Klarna waits for the
 * checkout on the same site (js/signin.js): the tab's `sessionStorage` under
 * this key (a checkout created later, on the next page, takes it) and a
 * CustomEvent of this name on `window` (for the page's own listeners). A
 * checkout created with a token waiting passes it to the hosted page, so
 * Klarna is preselected for a shopper Klarna has authenticated.
 */
export const TOKEN = 'klarna-hosted-checkout:network-session-token';
const VERSION = 1;
const EVENTS = ['ready', 'availability', 'resize', 'payment_method_selected', 'authorized', 'declined', 'aborted', 'error'];
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';
/**
 * Height the iframe reserves (and keeps as its minimum): the hosted page's
 * loading skeleton, which is the size of its usual first state. The page
 * reports its height only after loading, and only growth beyond this moves
 * the merchant's page, so loading causes no layout shift.
 */
export const RESERVED_HEIGHT = 364;
const MAX_HEIGHT = 4000;
const COMMAND_TIMEOUT_MS = 15000;
/**
 * The hosted page posts `boot` as its first script runs, before its load
 * event; when the frame has loaded and no `boot` came within this time, the
 * browser refused to frame the page for this origin (CSP `frame-ancestors`).
 */
const BOOT_GRACE_MS = 1500;

/** An Error with a stable `code` (commands reject with these). */
export const coded = (message, code) => Object.assign(new Error(message), { code });
/** Dispatches `klarna-checkout:<type>` on `el` (bubbling) with the event as `detail`. */
export const dispatch = (el, event) => el.dispatchEvent(new CustomEvent('klarna-checkout:' + event.type, { detail: event, bubbles: true }));
/** Reports a bad configuration on the console and as an `invalid_config` error event on `el`. */
export const invalid = (el, e) => {
  console.error(e);
  if (el) dispatch(el, { type: 'error', code: 'invalid_config', message: e.message });
};

/** The element `target` names (an element, or a CSS selector); nothing for a selector that is not one. */
export const find = (target) => {
  try {
    return typeof target === 'string' ? document.querySelector(target) : target;
  } catch {
    // `##`: querySelector's SyntaxError; the caller reports the bad target by name
  }
};

const describe = (v) => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : typeof v);
/** A TypeError naming `field`; a command's (update, setNetworkSessionToken) carries `code` `invalid_command`. */
const bad = (field, expected, got, code) =>
  Object.assign(new TypeError(`KlarnaHostedCheckout: ${field}: expected ${expected}, got ${describe(got)}`), code && { code });

/**
 * What each option of create() and field of update() must be when given (not undefined): [test, expected].
 * A string field is tested as a string (RegExp.test would read `['EUR']` as "EUR"); null is the default of
 * minHeight and title.
 */
const RULES = {
  amount: [(v) => Number.isSafeInteger(v) && v > 0, 'a positive safe integer of minor units'],
  currency: [(v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v), 'an ISO 4217 code such as EUR'],
  locale: [(v) => typeof v === 'string' && /^[a-z]{2}-[A-Z]{2}$/.test(v), 'a Klarna locale such as de-DE'],
  appearance: [(v) => v && typeof v === 'object', 'an object'],
  onEvent: [(v) => typeof v === 'function', 'a function'],
  minHeight: [(v) => v === null || (Number.isInteger(v) && v >= 0 && v <= MAX_HEIGHT), `a whole number of CSS pixels from 0 to ${MAX_HEIGHT}`],
  title: [(v) => v === null || (typeof v === 'string' && v), 'a non-empty string'],
};

/** Checks `o`'s keys (each one of `keys`: a typo is not ignored) and their values by RULES; `code` goes on the error. */
function check(o, keys, what, example, code) {
  if (!o || typeof o !== 'object') throw bad(what, example, o, code);
  for (const k of Object.keys(o)) {
    const rule = RULES[k];
    if (!keys.includes(k)) throw bad(k, 'one of ' + keys.join(', '), k, code);
    if (rule && o[k] !== undefined && !rule[0](o[k])) throw bad(k, rule[1], o[k], code);
  }
  return o;
}

/** The handle of each live checkout's iframe: a new checkout destroys those it replaces. */
const live = new WeakMap();
const OPTIONS = ['session', 'clientSecret', 'baseUrl', 'target', 'locale', 'appearance', 'minHeight', 'title', 'onEvent'];

function channelId() {
  return 'khc_' + crypto.getRandomValues(new Uint32Array(4)).join('_');
}

/** Where the hosted page is and which secret opens it, from `session` (id or hosted_url). */
function locate(session, clientSecret, baseUrl) {
  if (typeof session !== 'string' || !session) throw bad('session', 'a session id (hcs_…) or its hosted_url', session);
  let url;
  let secret = clientSecret;
  if (/^hcs_[A-Za-z0-9_]{8,60}$/.test(session)) {
    if (!baseUrl) throw bad('baseUrl', 'the checkout server URL when session is an id', baseUrl);
    url = new URL('/hpp/' + session, baseUrl);
  } else {
    try {
      url = new URL(session);
    } catch {
      throw bad('session', 'a session id (hcs_…) or its hosted_url', session);
    }
    if (!/^\/hpp\/hcs_/.test(url.pathname)) throw bad('session', 'a hosted_url ending in /hpp/hcs_…', session);
    secret = secret || new URLSearchParams(url.hash.slice(1)).get('cs');
  }
  if (typeof secret !== 'string' || !secret) throw bad('clientSecret', "the session's client_secret", secret);
  url.hash = '';
  return { url, secret };
}

/**
 * Creates the hosted checkout in `options.target`.
 * @param {import('./types').CheckoutOptions} options
 * @param {string} [baseUrl] the checkout server's URL (needed when `session` is an id)
 * @returns {import('./types').CheckoutHandle}
 */
export function createCheckout(options, baseUrl) {
  const { session, clientSecret, target, locale, appearance, onEvent, title } = check(options, OPTIONS, 'options', 'an object');
  const minHeight = options.minHeight ?? RESERVED_HEIGHT;
  const { url, secret } = locate(session, clientSecret, options.baseUrl || baseUrl);
  const el = find(target);
  if (!(el instanceof Element)) throw bad('target', 'a CSS selector or an element of this page', target);

  const origin = url.origin;
  const channel = channelId();
  const fragment = new URLSearchParams({ cs: secret, ch: channel, po: location.origin });
  if (locale) fragment.set('locale', locale), url.searchParams.set('locale', locale);
  if (appearance) fragment.set('appearance', JSON.stringify(appearance));
  url.hash = fragment.toString();

  const frame = document.createElement('iframe');
  frame.title = title || 'Payment with Klarna';
  frame.allow = 'payment';
  frame.sandbox = SANDBOX; // [PutForwards=value]: sets the attribute
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.height = minHeight + 'px';
  frame.src = url.href;

  let open = false;
  let booted = false;
  let floor = minHeight;
  let height = 0;
  let destroyed = false;
  let nextId = 1;
  let settled = 0;
  const queue = [];
  /** Each command's settle(error or false), by id, until its reply, its timeout or destroy(). */
  const pending = new Map();
  const settle = (id, error) => {
    pending.get(id)?.(error);
    pending.delete(id);
  };
  const post = (m) => frame.contentWindow?.postMessage(JSON.stringify({ khc: VERSION, channel, ...m }), origin);
  const emit = (event) => {
    // The merchant's handler throwing surfaces as its own uncaught error; the DOM event still goes out.
    try {
      if (onEvent) onEvent(event);
    } finally {
      dispatch(el, event);
    }
  };
  const listener = (e) => {
    if (e.origin !== origin || e.source !== frame.contentWindow || typeof e.data !== 'string') return;
    let m;
    try {
      m = JSON.parse(e.data);
    } catch {
      return;
    }
    if (!m || m.khc !== VERSION || m.channel !== channel) return;
    booted = true;
    if (m.type === 'hello') {
      if (Array.isArray(m.versions) && m.versions.includes(VERSION)) {
        post({ type: 'hello_ack', version: VERSION });
        open = true;
        queue.splice(0).forEach(post);
      } else {
        emit({ type: 'error', code: 'protocol_version', message: `the hosted page speaks ${describe(String(m.versions))}, this loader ${VERSION}` });
      }
    } else if (m.type === 'event' && m.event && EVENTS.includes(m.event.type)) {
      const t = m.event.type;
      if (t === 'resize') {
        const h = Number(m.event.height);
        if (!Number.isFinite(h) || h <= 0) return;
        height = Math.ceil(h);
      }
      // The reserved height keeps loading from moving the page; once Klarna declined or the shopper closed it,
      // the frame takes its content's height, also when that is smaller (a confirmation is taller anyway).
      // A session's result is final: a reloaded frame says it again, the handle reports it once.
      if ((t === 'declined' || t === 'authorized') && settled++) return;
      if (t === 'declined' || t === 'aborted') floor = 0;
      if (height) frame.style.height = Math.min(Math.max(height, floor), MAX_HEIGHT) + 'px';
      emit(m.event);
    } else if (m.type === 'reply') {
      settle(m.id, !m.ok && coded(m.error?.message || 'command failed', m.error?.code));
    }
  };
  const command = (cmd) =>
    new Promise((resolve, reject) => {
      if (destroyed) return reject(coded('the checkout was destroyed', 'destroyed'));
      const id = nextId++;
      const timer = setTimeout(() => settle(id, coded('no reply from the hosted page', 'timeout')), COMMAND_TIMEOUT_MS);
      pending.set(id, (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      });
      const m = { type: 'command', id, command: cmd };
      if (open) post(m);
      else queue.push(m);
    });

  frame.onload = () =>
    setTimeout(() => {
      if (booted || destroyed) return;
      const message = `the hosted page refused to be framed by ${location.origin}: add it to the session's allowed_origins`;
      console.error('KlarnaHostedCheckout: ' + message);
      emit({ type: 'error', code: 'frame_refused', message });
    }, BOOT_GRACE_MS);
  window.addEventListener('message', listener);
  // One target, one live checkout: those replaced here (on this target or inside it) are destroyed.
  el.querySelectorAll('iframe').forEach((f) => live.get(f)?.destroy());
  el.replaceChildren(frame);
  const handle = {
    iframe: frame,
    // async: a bad argument rejects the promise, as every other failure does (never a synchronous throw).
    update: async (fields) =>
      command({ type: 'update', ...check(fields, ['amount', 'currency', 'locale'], 'update', 'an object such as {amount: 5900}', 'invalid_command') }),
    setNetworkSessionToken(token) {
      if (typeof token !== 'string' || !token || token.length > 8192 || /\s/.test(token)) {
        return Promise.reject(bad('token', 'a Klarna network session token (1 to 8192 characters, no spaces)', token, 'invalid_command'));
      }
      return command({ type: 'set_network_session_token', token });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      window.removeEventListener('message', listener);
      frame.remove();
      pending.forEach((p, id) => settle(id, coded('the checkout was destroyed', 'destroyed')));
    },
  };
  live.set(frame, handle);
  // A network session token from Sign in with Klarna on this site (TOKEN): Klarna preselected for that shopper.
  try {
    const token = sessionStorage.getItem(TOKEN);
    if (token) handle.setNetworkSessionToken(token).catch(() => {});
  } catch {
    // storage blocked: the merchant can still call setNetworkSessionToken
  }
  return handle;
}
