/**
 * The emulator's DOM: elements built with createElement/textContent (safe under a CSP without
 * 'unsafe-inline'), its stylesheet linked once, and Klarna's `KlarnaUIElement` wrapper that records every
 * mount and unmount (so a test can prove the page mounts Klarna's parts and takes them down again).
 */
import { invalid } from './validate.js';

/** @typedef {import('../klarna-websdk').KlarnaUIElement} KlarnaUIElement */

export const STYLESHEET_URL = new URL('../klarna.css', import.meta.url).href;
export const ASSETS = {
  badge: new URL('../assets/klarna-badge.svg', import.meta.url).href,
  rectangle: new URL('../assets/klarna-rectangle.svg', import.meta.url).href,
  square: new URL('../assets/klarna-square.svg', import.meta.url).href,
};
/** Klarna's button themes and shapes (`WSDK/v2-r8/interfaces/common.ButtonConfiguration.html`). */
export const THEMES = /** @type {const} */ (['default', 'light', 'dark', 'outlined']);
export const BUTTON_SHAPES = /** @type {const} */ (['default', 'pill', 'rect']);
export const INFO_URL = new URL('../README.md', import.meta.url).href;

/**
 * Creates an element: `class`, `text`, `data-*`, `aria-*` and `role` as attributes, the rest as properties.
 * @param {string} tag
 * @param {Record<string, any>} props
 * @param {...(Node|null|undefined|false)} children
 * @returns {any}
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') node.setAttribute(key, String(value));
    else /** @type {any} */ (node)[key] = value;
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Links `klarna.css` once per document (CSP-friendly: no inline styles anywhere). */
export function ensureStylesheet() {
  if (document.querySelector('link[data-klarna-sandbox-stylesheet]')) return;
  const link = h('link', { rel: 'stylesheet', href: STYLESHEET_URL, 'data-klarna-sandbox-stylesheet': '' });
  (document.head ?? document.documentElement).appendChild(link);
}

/** @returns {Element} */
export function resolveTarget(where, target) {
  if (typeof target === 'string') {
    const found = document.querySelector(target);
    if (!found) throw invalid(where, 'target', 'must match an element in the page', target);
    return found;
  }
  if (target && typeof target.appendChild === 'function') return target;
  throw invalid(where, 'target', 'must be an element or a CSS selector', target);
}

/**
 * Wraps a built element as Klarna's `KlarnaUIElement`: `{htmlElement, mount(elOrSelector), unmount()}`.
 * @param {{record: Function, mountedParts: Set<any>}} sdk
 * @param {string} part
 * @param {HTMLElement} node
 * @param {Record<string, Function>} [extra] more methods (the payment button's `toggleState`)
 * @returns {KlarnaUIElement}
 */
export function uiElement(sdk, part, node, extra) {
  /** @type {any} */
  const handle = {
    htmlElement: node,
    mount(target) {
      sdk.record('mount', [part, typeof target === 'string' ? target : `[Element ${target?.nodeName}]`]);
      resolveTarget(`${part}.mount`, target).appendChild(node);
      sdk.mountedParts.add(handle);
      return handle;
    },
    unmount() {
      sdk.record('unmount', [part]);
      node.remove();
      sdk.mountedParts.delete(handle);
      return handle;
    },
    ...(extra ?? {}),
  };
  return Object.freeze(handle);
}
