/**
 * The shared test record `globalThis.__klarnaSandbox`: every call any emulator instance on the page saw, as
 * structured-cloneable data, and switches a test uses to act as Klarna (`emitTokenUpdate`,
 * `emitPresentationUpdate`). One record serves every copy of the module (another query string), so one
 * emitter reaches every SDK instance.
 */

const REGISTRY = Symbol.for('klarna-sandbox.instances');

/**
 * @typedef {object} Call
 * @property {number} seq
 * @property {number|null} sdk the instance's id, `null` for module-level calls
 * @property {string} method
 * @property {unknown[]} args
 * @property {string=} token the network session token this hop saw
 * @property {unknown=} result
 */

/**
 * A structured-cloneable copy of `value` taken now: functions, DOM nodes and promises become descriptive
 * strings, errors become `{name, message}`, cycles are cut.
 * @param {unknown} value
 * @returns {any}
 */
export function snapshot(value, seen = new WeakSet(), depth = 0) {
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  const v = /** @type {any} */ (value);
  if (typeof v.nodeType === 'number' && typeof v.nodeName === 'string') return `[Element ${v.nodeName}]`;
  if (v instanceof Error) return { name: v.name, message: v.message };
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v.then === 'function') return '[Promise]';
  if (seen.has(v)) return '[Circular]';
  if (depth > 10) return '[Too deep]';
  seen.add(v);
  /** @type {any} */
  let copy;
  if (Array.isArray(v)) copy = v.map((x) => snapshot(x, seen, depth + 1));
  else {
    copy = {};
    for (const [k, x] of Object.entries(v)) copy[k] = snapshot(x, seen, depth + 1);
  }
  seen.delete(v);
  return copy;
}

/** The record, created once per page. */
function sharedRecord() {
  const g = /** @type {any} */ (globalThis);
  const existing = g.__klarnaSandbox;
  if (existing && existing[REGISTRY] instanceof Set) return existing;
  /** @type {Set<any>} */
  const instances = new Set();
  /** @type {Call[]} */
  const calls = [];
  let seq = 0;
  /** Client secrets of sessions the page's express button created, by session id (see `knowClientSecret`). */
  const secrets = new Map();
  /** Appends one call; returns the entry so a later answer can be attached as `result`. */
  function push(sdk, method, args, extra = {}) {
    const entry = { seq: ++seq, sdk, method, args: snapshot(args), ...snapshot(extra) };
    calls.push(entry);
    return entry;
  }
  const record = {
    /** Every call, in order: `{seq, sdk, method, args, token?, result?}`; plain data only. */
    calls,
    /** Sets the network session token everywhere and calls every `tokenupdate` handler with it. */
    emitTokenUpdate(token) {
      if (typeof token !== 'string' || token === '') {
        throw new TypeError(`Klarna sandbox: __klarnaSandbox.emitTokenUpdate: "token" must be a non-empty string`);
      }
      push(null, 'tokenupdate', [token], { token });
      let called = 0;
      for (const instance of instances) called += instance.applyTokenUpdate(token);
      return called;
    },
    /** Recomputes each instance's last presentation (optionally patched) and emits `presentationupdate`. */
    emitPresentationUpdate(patch = {}) {
      push(null, 'presentationupdate', [patch]);
      let called = 0;
      for (const instance of instances) called += instance.applyPresentationUpdate(patch);
      return called;
    },
    /** The calls of one method, e.g. `callsOf('initiate')`. */
    callsOf: (method) => calls.filter((c) => c.method === method),
    /** `[{seq, method, token}]` for every hop that saw a network session token. */
    tokens: () => calls.filter((c) => 'token' in c).map(({ seq: s, method, token }) => ({ seq: s, method, token })),
    /** Klarna parts mounted now (each `mount` not yet followed by its `unmount`). */
    mounted: () => [...instances].reduce((n, i) => n + i.mountedParts.size, 0),
    /**
     * Tells the emulator the client secret of a session this page created (`checkout.js`'s express button, only
     * when this emulator is on the page): the sandbox API asks for it before the emulated Klarna plays the
     * shopper of a session that is not the demo merchant's. Klarna's real SDK has no such call and needs none.
     */
    knowClientSecret(sessionId, secret) {
      if (typeof sessionId === 'string' && typeof secret === 'string') secrets.set(sessionId, secret);
    },
    /** The client secret `knowClientSecret` was told for `sessionId`, or undefined. */
    clientSecretOf: (sessionId) => secrets.get(sessionId),
    /** Forgets the recorded calls (instances and handlers stay). */
    reset() {
      calls.length = 0;
      seq = 0;
    },
  };
  Object.defineProperty(record, REGISTRY, { value: instances });
  Object.defineProperty(record, 'push', { value: push });
  g.__klarnaSandbox = record;
  return record;
}

export const RECORD = sharedRecord();

/** Registers an SDK instance with the record (for the emitters). */
export const register = (instance) => RECORD[REGISTRY].add(instance);

/**
 * Appends a call to the record.
 * @param {number|null} sdk
 * @param {string} method
 * @param {unknown[]} args
 * @param {object=} extra
 * @returns {Call}
 */
export const push = (sdk, method, args, extra) => RECORD.push(sdk, method, args, extra);
