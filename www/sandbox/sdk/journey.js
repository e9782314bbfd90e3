/**
 * The purchase journey for a payment request: a modal dialog in the page that talks to the sandbox API
 * (`/sandbox/klarna/` on the server that served the emulator), which says how the emulated shopper behaves
 * (`journey: "complete"` waits for Confirm/Cancel, `"abort"` closes by itself). It ends in the SDK's
 * `complete`, `abort` or `error` event.
 */
import { ASSETS, ensureStylesheet, h } from './dom.js';
import { describe } from './validate.js';
import { snapshot } from './record.js';
import { SANDBOX_MARK, TEXTS, languageOf } from './texts.js';
import { messageOf, paymentError } from './errors.js';

const JOURNEY_SELF_CLOSE_MS = 300;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function deferred() {
  /** @type {(value: any) => void} */
  let resolve = () => {};
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A completed payment request's `stateContext` in this revision: the token as `paymentToken` and
 * `interoperabilityToken` (r6, r8: `WSDK/v2-r8/interfaces/payment.PaymentRequestStateContext.html`), as
 * `klarnaNetworkSessionToken` and `paymentToken` in v2 (the 2025 renaming; unconfirmed in the SDK).
 */
export function tokenContext(sdk, token) {
  if (sdk.options.surface === 'v2') return { klarnaNetworkSessionToken: token, paymentToken: token };
  return { paymentToken: token, interoperabilityToken: token };
}

/**
 * The client secret of the hosted page this journey runs in (`/hpp/{id}`: its address's fragment, which the page
 * keeps in this tab's `sessionStorage` when it removes it), or undefined. The sandbox API asks for it on a session
 * that is not the demo merchant's: Klarna knows its own shopper, the emulator proves it is the session's page.
 */
function hostedPageSecret() {
  try {
    const id = /^\/hpp\/([^/]+)$/.exec(globalThis.location?.pathname ?? '')?.[1];
    // Still in the address bar until the page's view mounts, kept in the tab after.
    const hash = globalThis.location?.hash ?? '';
    const fragment = !id ? null : hash.includes('cs=') ? hash : globalThis.sessionStorage?.getItem(`khc:fragment:${id}`);
    return fragment ? new URLSearchParams(fragment.replace(/^#/, '')).get('cs') ?? undefined : undefined;
  } catch {
    return undefined;
  }
}

/** One call to the browser-facing sandbox API; records it and its answer; throws on HTTP or JSON failure. */
async function sandboxRequest(sdk, method, paymentRequestId, action) {
  const url = new URL(`payment-requests/${encodeURIComponent(paymentRequestId)}${action ? `/${action}` : ''}`, sdk.apiBase).href;
  const entry = sdk.record(`journey.${action ?? 'get'}`, [method, url]);
  await sdk.pause();
  /** @type {RequestInit & {headers: Record<string, string>}} */
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  const secret = hostedPageSecret();
  if (secret) init.headers.authorization = `Bearer ${secret}`;
  if (method === 'POST') {
    init.headers['content-type'] = 'application/json';
    init.body = '{}';
  }
  const response = await globalThis.fetch(url, init);
  const body = await response.json().catch(() => undefined);
  entry.result = snapshot({ status: response.status, body });
  if (!response.ok) throw new Error(`${method} ${url} answered HTTP ${response.status}`);
  if (body === null || typeof body !== 'object') throw new Error(`${method} ${url} answered no JSON object`);
  return { body, entry };
}

/** Runs the journey of `paymentRequestId` to its end event. */
export async function runJourney(sdk, paymentRequestId, locale) {
  const t = TEXTS[languageOf(locale)];
  const dialog = openJourneyDialog(t);
  const choice = deferred(); // 'confirm' | 'cancel'
  dialog.onEscape(() => choice.resolve('cancel'));
  const technicalError = async (error, state) => {
    dialog.close();
    const pr = { paymentRequestId, state: state ?? 'SUBMITTED' };
    await sdk.emit('error', paymentError(sdk.options.surface, 'TECHNICAL_ERROR', messageOf(error)), pr);
  };

  /** @type {Promise<{body?: any, error?: unknown, choice?: string}>} */
  const loaded = sandboxRequest(sdk, 'GET', paymentRequestId).then((r) => ({ body: r.body }), (error) => ({ error }));
  /** @type {{body?: any, error?: unknown, choice?: string}} */
  const first = await Promise.race([loaded, choice.promise.then((c) => ({ choice: c }))]);
  let decision = first.choice;
  if (!decision) {
    if (first.error) return technicalError(first.error);
    const { journey, state } = first.body;
    if (journey === 'complete') {
      dialog.offerChoice(() => choice.resolve('confirm'), () => choice.resolve('cancel'));
      decision = await choice.promise;
    } else if (journey === 'abort') {
      dialog.setStatus(t.journeyClosing);
      decision = await Promise.race([sleep(JOURNEY_SELF_CLOSE_MS).then(() => 'cancel'), choice.promise]);
    } else {
      return technicalError(new Error(`unexpected journey ${describe(journey)} for ${paymentRequestId}`), state);
    }
  }
  dialog.setBusy();

  if (decision === 'confirm') {
    let body;
    try {
      ({ body } = await sandboxRequest(sdk, 'POST', paymentRequestId, 'complete'));
      if (body.state !== 'COMPLETED') throw new Error(`complete answered state ${describe(body.state)}`);
    } catch (error) {
      return technicalError(error, 'IN_PROGRESS');
    }
    const token = typeof body.klarna_network_session_token === 'string' ? body.klarna_network_session_token : sdk.token;
    dialog.close();
    await sdk.emit('complete', {
      paymentRequestId: body.payment_request_id ?? paymentRequestId,
      state: 'COMPLETED',
      previousState: 'IN_PROGRESS',
      stateContext: tokenContext(sdk, token),
    });
    return;
  }

  try {
    await sandboxRequest(sdk, 'POST', paymentRequestId, 'cancel');
  } catch (error) {
    sdk.record('journey.cancel.failed', [messageOf(error)]);
  }
  dialog.close();
  await sdk.emit('abort', { paymentRequestId, state: 'CANCELED', stateReason: 'PURCHASE_FLOW_ABORTED' });
}

let dialogCount = 0;

/**
 * The journey's modal: `<div role="dialog" aria-modal="true" aria-labelledby>` on `document.body`, focus
 * inside and trapped, Escape = the shopper closes Klarna. Focus returns where it was on close.
 */
function openJourneyDialog(t) {
  ensureStylesheet();
  const n = ++dialogCount;
  const titleId = `klarna-sandbox-journey-title-${n}`;
  const statusId = `klarna-sandbox-journey-status-${n}`;
  const status = h('p', { id: statusId, class: 'klarna-sandbox-journey__status', 'aria-live': 'polite', text: t.journeyLoading + SANDBOX_MARK });
  const actions = h('div', { class: 'klarna-sandbox-journey__actions' });
  const panel = h('div', { class: 'klarna-sandbox-journey__panel' },
    h('img', { class: 'klarna-sandbox-journey__logo', src: ASSETS.rectangle, alt: '' }),
    h('h2', { id: titleId, class: 'klarna-sandbox-journey__title', text: `Klarna${SANDBOX_MARK}` }),
    status, actions);
  const root = h('div', {
    class: 'klarna-sandbox-journey', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId,
    'aria-describedby': statusId, tabIndex: -1, 'data-testid': 'klarna-journey',
  }, panel);
  const previousFocus = /** @type {HTMLElement|null} */ (document.activeElement);
  let focusables = [];
  let escape = () => {};
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      escape();
    } else if (event.key === 'Tab') {
      event.preventDefault();
      if (focusables.length === 0) return root.focus();
      const at = focusables.indexOf(document.activeElement);
      const next = event.shiftKey ? (at <= 0 ? focusables.length - 1 : at - 1) : (at + 1) % focusables.length;
      focusables[next].focus();
    }
  });
  document.body.appendChild(root);
  root.focus();

  return {
    onEscape(fn) {
      escape = fn;
    },
    setStatus(text) {
      status.textContent = text + SANDBOX_MARK;
    },
    offerChoice(onConfirm, onCancel) {
      status.textContent = t.journeyPrompt + SANDBOX_MARK;
      const choiceButton = (name, text) =>
        h('button', { type: 'button', class: `klarna-sandbox-journey__${name}`, text, 'data-testid': `klarna-journey-${name}` });
      const confirm = choiceButton('confirm', t.confirm);
      const cancel = choiceButton('cancel', t.cancel);
      confirm.addEventListener('click', onConfirm);
      cancel.addEventListener('click', onCancel);
      actions.append(confirm, cancel);
      focusables = [confirm, cancel];
      confirm.focus();
    },
    setBusy() {
      root.setAttribute('aria-busy', 'true');
      for (const b of focusables) b.disabled = true;
    },
    close() {
      root.remove();
      if (previousFocus && previousFocus.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
    },
  };
}
