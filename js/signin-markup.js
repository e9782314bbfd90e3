/**
 * Sign in with Klarna from markup (docs/signin.md):
 *
 *   <div data-klarna-signin data-scope="openid offline_access profile:name profile:email"
 *        data-redirect-uri="https://shop.example/login/callback" data-locale="en-GB"></div>
 *
 * Events arrive as `klarna-signin:<type>` CustomEvents on the element; a
 * changed attribute mounts the button again.
 */
import { inheritedLocale, watchMarkup } from './markup.js';
import { emitter, reportOptionError } from './options.js';
import { readOptions, signIn } from './signin.js';

const ATTRIBUTE = {
  target: 'data-klarna-signin',
  scope: 'data-scope',
  redirectUri: 'data-redirect-uri',
  locale: 'data-locale',
  theme: 'data-theme',
  shape: 'data-shape',
  logoAlignment: 'data-logo-alignment',
  interactionMode: 'data-interaction-mode',
};
const ATTRIBUTES = Object.values(ATTRIBUTE).slice(1);
const name = (k) => ATTRIBUTE[k] ?? k;

function fromAttributes(el) {
  const o = { target: el };
  for (const [k, a] of Object.entries(ATTRIBUTE).slice(1)) o[k] = el.getAttribute(a) ?? undefined;
  o.locale ??= inheritedLocale(el);
  return o;
}

/** Mounts every `[data-klarna-signin]` under `root` and keeps them current; returns `{disconnect()}`. */
export function mountAll(root, baseUrl) {
  return watchMarkup(root, '[data-klarna-signin]', ATTRIBUTES, (el, previous) => {
    const o = fromAttributes(el);
    try {
      readOptions(o, name);
    } catch (e) {
      reportOptionError(e, emitter('klarna-signin', el));
      throw e;
    }
    previous?.destroy();
    return signIn(o, baseUrl, name);
  });
}
