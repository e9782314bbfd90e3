/**
 * `klarna-hosted-checkout/react`: `<KlarnaCheckout>`, `<KlarnaExpressButton>` and `<KlarnaPlacement>`
 * (docs/frameworks.md). Props map to the documented options and events; a change of `amount` or
 * `locale` updates the mounted element, a change of what identifies it (the session, the server) mounts
 * it again, and unmounting tears it down.
 *
 * StrictMode mounts, unmounts and mounts every effect once more in development: each component mounts
 * in a microtask after React's commit and skips a mount that React took back in between, so the page
 * gets one iframe and one SDK load. Importing this module touches no `window` (server-side rendering):
 * everything browser-side happens in effects.
 */
import { createElement, useEffect, useRef } from 'react';
import { createCheckout } from './embed.js';
import { express } from './express.js';
import { mountPlacements } from '../www/osm.js';

/**
 * Mounts with `mount(element)` after the commit, unless React unmounted in between; destroys on
 * unmount or when `deps` change.
 */
function useMounted(deps, mount) {
  const ref = useRef(null);
  const handle = useRef(undefined);
  useEffect(() => {
    let cancelled = false;
    queueMicrotask(() => {
      if (cancelled || !ref.current) return;
      try {
        handle.current = mount(ref.current);
      } catch {
        // reported by the mount itself (console and `error` event)
      }
    });
    return () => {
      cancelled = true;
      handle.current?.destroy?.();
      handle.current = undefined;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return { ref, handle };
}

/** The latest value of `v` for callbacks created once. */
function useLatest(v) {
  const r = useRef(v);
  r.current = v;
  return r;
}

/** Runs `fn(handle)` when `value` changes after the first render (not on mount). */
function useUpdate(handle, value, fn) {
  const first = useRef(true);
  const key = JSON.stringify(value ?? null);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (handle.current && value !== undefined) Promise.resolve(fn(handle.current)).catch((e) => console.error(e));
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** The hosted checkout in an iframe. */
export function KlarnaCheckout({ session, clientSecret, baseUrl, locale, amount, appearance, minHeight, title, onEvent, className, style }) {
  const latest = useLatest(onEvent);
  const { ref, handle } = useMounted([session, clientSecret, baseUrl], (target) =>
    createCheckout({ session, clientSecret, target, locale, appearance, minHeight, title, onEvent: (e) => latest.current?.(e) }, baseUrl));
  useUpdate(handle, locale, (h) => h.update({ locale }));
  useUpdate(handle, amount, (h) => h.update({ amount }));
  return createElement('div', { ref, className, style });
}

/** Klarna's express button (the merchant's server creates the session: `sessionUrl` or `createSession`). */
export function KlarnaExpressButton({ baseUrl, amount, currency, locale, sessionUrl, createSession, details, theme, shape, shipping, onEvent, className, style }) {
  const latest = useLatest({ onEvent, createSession });
  const { ref, handle } = useMounted([baseUrl, sessionUrl, theme, shape, shipping], (target) =>
    express({
      target, amount, currency, locale, sessionUrl, details, theme, shape, shipping,
      ...(createSession && { createSession: (asked) => latest.current.createSession(asked) }),
      onEvent: (e) => latest.current.onEvent?.(e),
    }, baseUrl));
  useUpdate(handle, { amount, currency, locale, details }, (h) => h.update({ amount, currency, locale, details }));
  return createElement('div', { ref, className, style });
}

/** A Klarna on-site messaging placement (`placement`: a placement key such as `credit-promotion-badge`). */
export function KlarnaPlacement({ baseUrl, placement, amount, currency, locale, theme, className, style }) {
  // The placement re-renders itself when React changes these attributes.
  const { ref } = useMounted([baseUrl], (root) => {
    const controller = mountPlacements(root, { configUrl: new URL('v1/messaging/config', baseUrl ?? location.href).href });
    return { destroy: () => controller.disconnect() };
  });
  const attributes = {
    'data-klarna-placement': placement,
    'data-locale': locale,
    ...(amount !== undefined && { 'data-amount': String(amount) }),
    ...(currency && { 'data-currency': currency }),
    ...(theme && { 'data-theme': theme }),
  };
  return createElement('div', { ref, className, style }, createElement('div', attributes));
}
