/**
 * Module options of the emulator: the query string of the URL `klarna.js` was imported from, plus
 * `globalThis.__KLARNA_SANDBOX_OPTIONS__` (set by a test before the module loads, e.g. with Playwright's
 * `addInitScript`, where it can't change the URL the hosted page imports). A typo fails the import loudly
 * instead of silently testing the wrong thing.
 */

/** @typedef {import('../klarna-websdk').Surface} Surface */

/**
 * @typedef {object} ModuleOptions
 * @property {Surface} surface which revision of Klarna's SDK to be (`r6`, `r8`, `v2`; default the newest, `v2`)
 * @property {boolean} resolve the legacy v1 `Interoperability.resolve()` too (`?legacy=resolve`)
 * @property {Set<string>} fail fault injection: `init`, `presentation`
 * @property {number} delay milliseconds every asynchronous step waits
 */

export const SURFACES = /** @type {const} */ (['r6', 'r8', 'v2']);

/**
 * @param {URLSearchParams} params
 * @returns {ModuleOptions}
 */
export function parseModuleOptions(params) {
  const bad = (name, value, expected) =>
    new TypeError(`Klarna sandbox: ?${name}=${value} is not supported; expected ${expected}`);
  const surface = params.get('surface') ?? 'v2';
  if (!SURFACES.includes(/** @type {Surface} */ (surface))) throw bad('surface', surface, 'r6, r8 or v2');
  const legacy = params.getAll('legacy').flatMap((v) => v.split(',')).filter(Boolean);
  for (const l of legacy) if (l !== 'resolve') throw bad('legacy', l, 'resolve');
  const fail = new Set(params.getAll('fail').flatMap((v) => v.split(',')).filter(Boolean));
  for (const f of fail) if (!['init', 'presentation'].includes(f)) throw bad('fail', f, 'init or presentation');
  const delayRaw = params.get('delay') ?? '0';
  if (!/^\d{1,6}$/.test(delayRaw)) throw bad('delay', delayRaw, 'a whole number of milliseconds');
  return Object.freeze({
    surface: /** @type {Surface} */ (surface), resolve: legacy.length > 0, fail, delay: Number(delayRaw),
  });
}

/**
 * The options of the module at `url` (its query), with the page-wide extra options appended.
 * @param {string} url `import.meta.url` of the entry module
 */
export function moduleOptions(url) {
  const params = new URL(url).searchParams;
  const extra = /** @type {any} */ (globalThis).__KLARNA_SANDBOX_OPTIONS__;
  if (typeof extra === 'string') for (const [k, v] of new URLSearchParams(extra)) params.append(k, v);
  return parseModuleOptions(params);
}
