/**
 * Markup for the on-demand parts of `checkout.js` (express button, Sign in
 * with Klarna): every element matching a selector under a root is mounted
 * from its `data-*` attributes, mounted again when one of them changes, and
 * destroyed when it leaves the page. A bad attribute is reported once (the
 * console and an `error` event naming the attribute) and nothing is mounted.
 */

/**
 * @param {ParentNode} root
 * @param {string} selector e.g. `[data-klarna-express]`
 * @param {string[]} attributes attributes whose change re-reads the element
 * @param {(el: Element, previous?: object) => object|undefined} mount mounts (or updates `previous`) and returns the handle
 */
export function watchMarkup(root, selector, attributes, mount) {
  const handles = new Map();
  const signatures = new Map();
  const visit = (el) => {
    const sig = attributes.map((a) => el.getAttribute(a)).join('\u0000');
    if (signatures.get(el) === sig) return;
    signatures.set(el, sig);
    let handle;
    try {
      handle = mount(el, handles.get(el));
    } catch {
      handles.get(el)?.destroy();
      handle = undefined; // reported by `mount`
    }
    if (handle) handles.set(el, handle);
    else handles.delete(el);
  };
  const forget = (el) => {
    handles.get(el)?.destroy();
    handles.delete(el);
    signatures.delete(el);
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches(selector)) visit(node);
    node.querySelectorAll(selector).forEach(visit);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target.matches(selector)) visit(r.target);
        continue;
      }
      r.addedNodes.forEach(scan);
      for (const el of [...signatures.keys()]) if (!el.isConnected) forget(el);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: attributes });
  root.querySelectorAll(selector).forEach(visit);
  return {
    disconnect() {
      observer.disconnect();
      for (const el of [...signatures.keys()]) forget(el);
    },
  };
}

/** The nearest `lang` that names a language and a country, as a Klarna locale ("en-GB"). */
export function inheritedLocale(el) {
  const m = /^([a-z]{2})[-_]([a-z]{2})$/i.exec(el.closest('[lang]')?.getAttribute('lang') ?? '');
  return m ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : undefined;
}
