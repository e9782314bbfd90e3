/**
 * What the feature modules (`express-journey.js`, `express-form.js`, `identity.js`, `prompt-dialog.js`) use of
 * the emulator, handed to them as `kit` so they import none of its modules: one kit per SDK instance (the
 * completed payment request's `stateContext` follows the instance's revision, `journey.js`).
 */
import { ASSETS, BUTTON_SHAPES, THEMES, ensureStylesheet, h, resolveTarget } from './dom.js';
import { formatMoney, randomUuid } from './decide.js';
import { SANDBOX_MARK, TEXTS, languageOf } from './texts.js';
import { currencyCode, invalid, minorUnits, optionalOneOf, optionalString, requireObject } from './validate.js';
import { deferred, tokenContext } from './journey.js';
import { snapshot } from './record.js';

/**
 * A POST to the browser-facing sandbox API (with `secret` as its bearer, a session's client secret, when
 * given); throws an Error carrying the answer's error code.
 */
async function sandboxPost(sdk, path, body, secret) {
  const url = new URL(path, sdk.apiBase).href;
  const entry = sdk.record(`sandbox.post.${path}`, [body]);
  await sdk.pause();
  const response = await globalThis.fetch(url, {
    method: 'POST', credentials: 'same-origin', headers: {
      'content-type': 'application/json', accept: 'application/json', ...(secret && { authorization: `Bearer ${secret}` }),
    },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => undefined);
  entry.result = snapshot({ status: response.status, body: answer });
  if (!response.ok) {
    throw Object.assign(new Error(answer?.error?.message ?? `POST ${url} answered HTTP ${response.status}`), { code: answer?.error?.code });
  }
  return answer;
}

/** The kit of one SDK instance. */
export function kitFor(sdk) {
  return Object.freeze({
    h, ensureStylesheet, invalid, requireObject, optionalString, optionalOneOf, currencyCode, minorUnits, formatMoney,
    deferred, randomUuid, resolveTarget, sandboxPost, THEMES, BUTTON_SHAPES, ASSETS,
    tokenContext: (token) => tokenContext(sdk, token),
    mark: SANDBOX_MARK,
    texts: (locale) => TEXTS[languageOf(locale)],
  });
}
