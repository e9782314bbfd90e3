/**
 * Klarna Web SDK emulator ("the sandbox SDK"): a stand-in for `https://js.klarna.com/web-sdk/v2/klarna.mjs`
 * that runs without Klarna's servers, for local development and CI. `checkout-server` serves it at
 * `/sandbox/klarna.js` in `KLARNA_MODE=sandbox`; `docs/sandbox.md` specifies it and `README.md` beside it
 * explains its use in tests.
 *
 * It emulates each revision of Klarna's SDK, chosen per import (`?surface=r6|r8|v2`, default the newest),
 * exactly as Klarna's published types (`klarna-websdk.d.ts`, checked by `tsc --noEmit -p www/sandbox`). The
 * code lives in `sdk/*.js`, plain ES modules with no build step; the facts it shares with the server's
 * emulated Klarna API come from `checkout-core` (`sdk/facts.js`).
 *
 * Module options (query string of this module's URL, or `globalThis.__KLARNA_SANDBOX_OPTIONS__`):
 * `surface=r6|r8|v2`, `legacy=resolve` (the v1 `Interoperability.resolve()`), `fail=init|presentation`,
 * `delay=<ms>`. Every call is recorded in `globalThis.__klarnaSandbox`.
 */
import { moduleOptions } from './sdk/options.js';
import { makeKlarnaSDK } from './sdk/instance.js';

/** The browser-facing sandbox API on the server that served this module. */
const API_BASE = new URL('/sandbox/klarna/', import.meta.url).href;

/** `KlarnaSDK(config)` → the instance of this module's revision. */
export const KlarnaSDK = makeKlarnaSDK(moduleOptions(import.meta.url), API_BASE);
