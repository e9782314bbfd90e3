/**
 * The emulator's Sign in with Klarna (docs/sandbox.md, "Sign in with Klarna"): `Identity.button(config)`
 * renders Klarna's identity button (`mount`, `unmount`, `on('render'|'ready'|'click')`, `toggleState`);
 * pressing it opens the sign-in journey, a modal that asks for the shopper's e-mail (the sandbox persona)
 * and signs in at the sandbox's identity provider (`POST /sandbox/klarna/identity/sign-in`), whose id
 * token is signed with the key it publishes. `Identity.on('signin')` handlers get Klarna's answer in both
 * readings (v1: `user_account_linking` + `user_account_profile`; v2: `customerProfile`) plus the network
 * session token; `Identity.on('error')` handlers get a `PaymentError`-shaped error (a `+denied` or
 * `+error` persona, a bad config). Closing the journey emits nothing.
 *
 * Helpers of the emulator arrive as `kit` (`kit.js`).
 */
import { promptDialog } from './prompt-dialog.js';

const EVENTS = ['signin', 'error'];
const BUTTON_EVENTS = ['render', 'ready', 'click'];
const MODES = ['DEVICE_BEST', 'REDIRECT', 'POPUP', 'ON_PAGE'];
const ALIGNMENTS = ['default', 'left', 'center', 'right'];
const LABEL = { de: 'Mit Klarna anmelden', sv: 'Logga in med Klarna', fr: 'Se connecter avec Klarna', nl: 'Inloggen met Klarna' };

/** `Identity` of one SDK instance. */
export function identityNamespace(kit, sdk) {
  const handlers = { signin: [], error: [] };
  const emit = async (event, payload) => {
    sdk.record(`identity.event.${event}`, [payload]);
    if (event === 'error' && handlers.error.length === 0) console.error('Klarna sandbox: unhandled Identity error', payload);
    for (const handler of [...handlers[event]]) {
      try {
        await handler(payload);
      } catch (error) {
        console.error(`Klarna sandbox: an Identity "${event}" handler threw`, error);
      }
    }
  };
  return Object.freeze({
    button: (config) => identityButton(kit, sdk, config, emit),
    on(event, callback) {
      if (!EVENTS.includes(event)) throw kit.invalid('Identity.on', 'event', 'must be "signin" or "error"', event);
      if (typeof callback !== 'function') throw kit.invalid('Identity.on', 'callback', 'must be a function', callback);
      sdk.record('identity.on', [event]);
      handlers[event].push(callback);
    },
    off(event, callback) {
      const list = handlers[event] ?? [];
      const at = list.indexOf(callback);
      if (at >= 0) list.splice(at, 1);
    },
  });
}

function identityButton(kit, sdk, config, emit) {
  const where = 'Identity.button';
  kit.requireObject(where, 'config', config);
  if (typeof config.scope !== 'string' || !config.scope.trim()) throw kit.invalid(where, 'scope', 'is required (space-separated scopes)', config.scope);
  let redirect;
  try {
    redirect = new URL(config.redirectUri);
  } catch {
    throw kit.invalid(where, 'redirectUri', 'must be an absolute URL (your callback page)', config.redirectUri);
  }
  kit.optionalOneOf(where, 'interactionMode', config.interactionMode, MODES);
  kit.optionalOneOf(where, 'logoAlignment', config.logoAlignment, ALIGNMENTS);
  const theme = kit.optionalOneOf(where, 'theme', config.theme, kit.THEMES) ?? 'default';
  const shape = kit.optionalOneOf(where, 'shape', config.shape, kit.BUTTON_SHAPES) ?? 'default';
  sdk.record('identity.button', [config]);
  kit.ensureStylesheet();
  const lang = (sdk.locale ?? 'en').slice(0, 2);
  const node = kit.h('button', {
    type: 'button',
    class: `klarna-sandbox-button klarna-sandbox-button--theme-${theme} klarna-sandbox-button--shape-${shape}`,
    'data-testid': 'klarna-identity-button',
  }, kit.h('img', { class: 'klarna-sandbox-button__logo', src: kit.ASSETS.badge, alt: '', 'aria-hidden': 'true' }),
  kit.h('span', { class: 'klarna-sandbox-button__text', text: LABEL[lang] ?? 'Sign in with Klarna' }));
  const listeners = { render: [], ready: [], click: [] };
  const fire = (event) => listeners[event].forEach((fn) => Promise.resolve().then(() => fn(handle)).catch((e) => console.error(e)));
  let running = false;
  node.addEventListener('click', async () => {
    if (running || node.disabled) return;
    running = true;
    node.setAttribute('aria-busy', 'true');
    fire('click');
    try {
      await runSignIn(kit, sdk, config, redirect.href, emit);
    } finally {
      running = false;
      node.removeAttribute('aria-busy');
    }
  });
  const handle = {
    htmlElement: node,
    mount(target) {
      kit.resolveTarget(`${where}.mount`, target).appendChild(node);
      sdk.record('identity.mount', []);
      fire('render');
      fire('ready');
      return handle;
    },
    unmount() {
      node.remove();
      return handle;
    },
    on(event, callback) {
      if (!BUTTON_EVENTS.includes(event)) throw kit.invalid(`${where}.on`, 'event', `must be one of ${BUTTON_EVENTS.join(', ')}`, event);
      if (typeof callback !== 'function') throw kit.invalid(`${where}.on`, 'callback', 'must be a function', callback);
      listeners[event].push(callback);
      return handle;
    },
    toggleState(state, on) {
      if (state === 'disabled') node.disabled = on ?? !node.disabled;
      else if (state === 'loading') node.classList.toggle('klarna-sandbox-button--loading', on);
      else throw kit.invalid('toggleState', 'state', 'must be "loading" or "disabled"', state);
      return handle;
    },
  };
  return Object.freeze(handle);
}

/** The sign-in journey: the e-mail dialog, then the sandbox's identity provider. */
async function runSignIn(kit, sdk, config, redirectUri, emit) {
  const country = (sdk.locale ?? 'en-GB').slice(3);
  const dialog = promptDialog(kit, {
    title: `Sign in with Klarna${kit.mark}`,
    label: 'E-mail (sandbox persona)',
    value: `customer+${country.toLowerCase()}@klarna.com`,
    confirm: 'Continue',
    cancel: 'Cancel',
    testid: 'klarna-signin-journey',
  });
  const email = await dialog.answer;
  if (email === undefined) return; // the shopper closed Klarna
  let body;
  try {
    body = await kit.sandboxPost(sdk, 'identity/sign-in', {
      client_id: sdk.clientId, scope: config.scope.trim(), email, redirect_uri: redirectUri, ...(sdk.locale && { locale: sdk.locale }),
    });
  } catch (error) {
    dialog.close();
    await emit('error', { name: 'IdentityError', errorCode: error.code ?? 'TECHNICAL_ERROR', errorType: 'SIGN_IN_FAILED',
      errorMessage: error.message, errorId: kit.randomUuid() });
    return;
  }
  dialog.close();
  const p = body.profile ?? {};
  const camel = Object.fromEntries(Object.entries(p).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]));
  await emit('signin', {
    user_account_linking: {
      user_account_linking_id_token: body.id_token,
      user_account_linking_refresh_token: body.refresh_token,
    },
    user_account_profile: p,
    customerProfile: camel,
    klarnaNetworkSessionToken: body.klarna_network_session_token,
  });
}
