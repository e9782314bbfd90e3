/**
 * Sign in with Klarna: Klarna's identity button (`Identity.button`) on the
 * merchant's login or registration page (docs/signin.md). Klarna's `signin`
 * and `error` reach the merchant as `signin` (`{id_token, refresh_token,
 * profile, klarna_network_session_token?}`) and `error` events, on
 * `onEvent` and as `klarna-signin:<type>` CustomEvents on the target.
 *
 * The id token proves nothing until the merchant's server has it verified
 * (`POST /v1/identity/verify`). A network session token Klarna yields is
 * handed to the checkout (`TOKEN` in js/embed.js), so Klarna is preselected there.
 */
import { TOKEN } from './embed.js';
import { checker, emitter, SHAPES, THEMES, validated } from './options.js';
import { klarnaError, klarnaSdk } from './sdk.js';

/** How Klarna's sign-in journey opens (Klarna's `interactionMode`). */
export const INTERACTION_MODES = ['DEVICE_BEST', 'REDIRECT'];
export const LOGO_ALIGNMENTS = ['default', 'left', 'center'];
/** The scopes Klarna's identity button takes (the sandbox's identity provider issues the same: server/src/sandbox/identity.rs). */
export const SCOPES = ['openid', 'offline_access', 'profile:name', 'profile:email', 'profile:phone', 'profile:locale', 'profile:country', 'profile:billing_address', 'profile:date_of_birth'];

const wired = new WeakSet();
/** The buttons of each SDK instance, the last one pressed first. */
const buttons = new WeakMap();

function wire(klarna) {
  if (wired.has(klarna)) return;
  wired.add(klarna);
  const to = (fn) => (...a) => buttons.get(klarna)?.[0]?.[fn](...a);
  klarna.Identity.on('signin', to('signin'));
  klarna.Identity.on('error', to('failed'));
}

/** Klarna's `signin` answer (v1: `user_account_linking` + `user_account_profile`; v2: `customerProfile`) as our event. */
export function signinEvent(r) {
  const link = r?.user_account_linking ?? {};
  const camel = r?.customerProfile;
  const profile = r?.user_account_profile ?? (camel && Object.fromEntries(Object.entries(camel).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v])));
  const token = r?.klarnaNetworkSessionToken ?? r?.klarna_network_session_token;
  return {
    type: 'signin',
    id_token: link.user_account_linking_id_token ?? r?.idToken,
    refresh_token: link.user_account_linking_refresh_token ?? r?.refreshToken,
    profile,
    ...(typeof token === 'string' && token && { klarna_network_session_token: token }),
  };
}

/** Validates sign-in options; `name` maps an option to what the merchant wrote. */
export function readOptions(o, name = (k) => k) {
  const c = checker(name);
  if (!o || typeof o !== 'object') c.fail('options', 'an object', o);
  const target = c.target(o.target);
  if (typeof o.scope !== 'string' || !o.scope.trim()) c.fail('scope', 'the scopes to ask for, e.g. "openid offline_access profile:name profile:email"', o.scope);
  const unknown = o.scope.trim().split(/\s+/).find((s) => !SCOPES.includes(s));
  if (unknown) c.fail('scope', `space-separated scopes of ${SCOPES.join(', ')} (${JSON.stringify(unknown)} is not one)`, o.scope);
  return {
    target,
    scope: o.scope.trim(),
    redirectUri: c.url('redirectUri', o.redirectUri),
    locale: o.locale === undefined ? undefined : c.locale(o.locale),
    theme: c.oneOf('theme', o.theme, THEMES, 'default'),
    shape: c.oneOf('shape', o.shape, SHAPES, 'default'),
    logoAlignment: c.oneOf('logoAlignment', o.logoAlignment, LOGO_ALIGNMENTS, 'default'),
    interactionMode: c.oneOf('interactionMode', o.interactionMode, INTERACTION_MODES, 'DEVICE_BEST'),
    onEvent: c.fn('onEvent', o.onEvent),
  };
}

class SignIn {
  constructor(options, baseUrl) {
    Object.assign(this, options);
    this.emit = emitter('klarna-signin', this.target, this.onEvent);
    this.ready = this.mount(baseUrl);
  }

  async mount(baseUrl) {
    let klarna;
    try {
      klarna = await klarnaSdk(baseUrl, this.locale);
    } catch (e) {
      return this.emit({ type: 'error', code: e.code ?? 'sdk_unavailable', message: e.message });
    }
    if (this.destroyed) return;
    wire(klarna);
    this.klarna = klarna;
    const list = buttons.get(klarna) ?? [];
    buttons.set(klarna, [...list, this]);
    const { scope, redirectUri, interactionMode, theme, shape, logoAlignment } = this;
    this.button = klarna.Identity.button({ scope, redirectUri, interactionMode, theme, shape, logoAlignment });
    // Klarna's events are the SDK's: the button pressed last owns the answer.
    this.button.on?.('click', async () => this.front());
    this.button.mount(this.target);
    this.emit({ type: 'ready' });
  }

  front() {
    const list = buttons.get(this.klarna) ?? [];
    buttons.set(this.klarna, [this, ...list.filter((b) => b !== this)]);
  }

  signin(response) {
    const event = signinEvent(response);
    const token = event.klarna_network_session_token;
    if (token) {
      try {
        sessionStorage.setItem(TOKEN, token);
      } catch {
        // storage blocked: a checkout on this page still gets it below
      }
      window.dispatchEvent(new CustomEvent(TOKEN, { detail: token }));
    }
    this.emit(event);
  }

  failed(e) {
    this.emit({ type: 'error', code: 'klarna_error', ...klarnaError(e) });
  }

  destroy() {
    this.destroyed = true;
    if (this.klarna) buttons.set(this.klarna, (buttons.get(this.klarna) ?? []).filter((b) => b !== this));
    this.button?.unmount();
    this.button = undefined;
  }
}

/**
 * Mounts Klarna's identity button; returns `{ready, destroy()}`. A bad option
 * is reported (console, `error` event) and thrown.
 */
export function signIn(options, baseUrl, name) {
  const c = new SignIn(validated(readOptions, options, name, 'klarna-signin'), baseUrl);
  return { ready: c.ready.then(() => undefined), destroy: () => c.destroy() };
}
