// The hosted page's first script, inlined into the document's <head> by scripts/publish-assets.mjs (a classic
// script, minified into an IIFE, before the stylesheet), so it runs while the document is parsed: about 50 ms
// sooner than the module script (hpp.src.js), which waits for the stylesheet, its own download and the
// wasm-bindgen glue's evaluation. Klarna's button no longer waits for the module (Klarna first, below), so
// those 50 ms are Klarna's. The page's CSP allows it by its hash, which the server takes from the document it
// serves (server/src/csp.rs `inline_script_hashes`); nothing else inline may run.
// It starts what Klarna needs and hands it over through globals the module reads: `__khcConfig` (the config
// answer), `__khcKlarna` (Klarna's module, instance, presentation and early button), `__khcEarlyButton`.
performance.mark('khc:boot');
// For an open session the server names Klarna's SDK in a modulepreload link (server/src/routes/pages.rs): its
// import starts now, beside the config request, so its module graph loads while the config answers.
const sdkUrl = document.querySelector('link[rel=modulepreload]')?.getAttribute('href');
const sdkEarly = sdkUrl && import(sdkUrl);
sdkEarly?.catch(() => {});
// The language tables the server preloads for the session's locale (server/src/routes/preloads.rs), read now
// and handed to the module (src/i18n/lazy.rs `prefetched`): asked for by the module, the preloaded answer still
// took it ~10 ms of fetch and parse after its config read, on Klarna's path. `null` when one fails or takes
// longer than the module's own limit: the module then asks itself.
const tables = (globalThis.__khcTables = {});
for (const link of document.querySelectorAll('link[rel=preload][as=fetch]')) {
  const url = link.getAttribute('href');
  // Without `AbortSignal.timeout` (Safari before 16), no limit rather than no boot script.
  tables[url] = fetch(url, { signal: AbortSignal.timeout?.(8000) }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
}
// Ask for the session while the module downloads; the page takes this answer
// once instead of asking again (it falls back to its own request on failure).
// The body is read at once: read later, it waits behind the first render.
// For an open session Klarna starts here too, while the module compiles
// (klarnaEarly below): its SDK module, KlarnaSDK(config) and the first
// presentation, handed to the page's bindings to adopt.
// The merchant's appearance goes with the request: the server checks it.
try {
  const id = location.pathname.split('/').pop();
  const fragment = location.hash.includes('cs=') ? location.hash : sessionStorage.getItem(`khc:fragment:${id}`) || '';
  const params = new URLSearchParams(fragment.slice(1));
  const cs = params.get('cs');
  const query = ['appearance', 'locale']
    .filter((k) => params.get(k) !== null)
    .map((k, i) => `${i ? '&' : '?'}${k}=${encodeURIComponent(params.get(k))}`)
    .join('');
  if (cs && id.startsWith('hcs_')) {
    globalThis.__khcConfig = fetch(`/v1/sessions/${id}/config${query}`, { headers: { Authorization: `Bearer ${cs}` } })
      .then(async (r) => {
        const answer = { ok: r.ok, status: r.status, text: await r.text() };
        try {
          const cfg = r.ok && JSON.parse(answer.text);
          if (cfg && cfg.state === 'open' && typeof cfg.klarna?.sdk_url === 'string') klarnaEarly(cfg, params.get('locale'));
        } catch {
          // Not JSON, or not the shape Klarna needs: the page reports it and loads Klarna itself.
        }
        return answer;
      })
      .catch(() => null);
  }
  // Tell an embedding checkout.js at once that this page may be framed by it: without this message after the
  // frame's load, checkout.js reports `frame_refused` (its origin is not in the session's allowed_origins). Only
  // the origin named in the fragment can receive it, and the browser runs this page only inside an allowed one.
  // Last in this block: without `po` it throws.
  if (parent !== window) parent.postMessage(JSON.stringify({ khc: 1, channel: params.get('ch'), type: 'boot' }), params.get('po'));
} catch {
  // No storage or no fetch: the page asks for itself.
}
/**
 * Klarna's head start: imports Klarna's SDK module from the URL the session names (or takes the import that
 * started at boot from the same URL), calls `KlarnaSDK(config)` and
 * the first `Payment.presentation(data)` as soon as the config answer is here, while the WebAssembly compiles.
 * The page's bindings (src/bindings/handoff.rs) adopt each promise once, through `globalThis.__khcKlarna`: the
 * module for the loader's first attempt at the same URL, the instance when the page's own `KlarnaSDK` config
 * is the same and made from that module, the presentation when the page's own data is the same for that
 * instance. Anything else (another URL after a failed attempt, another locale, a retry) and the page calls
 * Klarna itself, as it did before; a failed promise here is the page's failure of that step, with the loader's
 * retries and error codes unchanged. The objects are built exactly as src/bindings/sdk.rs builds them (keys
 * in the same order, absent fields left out), so they compare as JSON.
 */
function klarnaEarly(cfg, pageLocale) {
  performance.mark('khc:klarna');
  const k = cfg.klarna;
  const locale = pageLocale || cfg.locale;
  const json = JSON.stringify;
  const acquiring = k.acquiring_config && { paymentAccountId: k.acquiring_config.payment_account_id };
  // As JSON, which also leaves out absent fields as src/bindings/js.rs `object` does (Klarna checks the keys).
  const config = json({
    clientId: k.client_id, partnerAccountId: k.partner_account_id, sdkToken: k.sdk_token, locale: cfg.locale,
    products: k.products, acquiringConfig: acquiring,
  });
  let ns;
  let sdk;
  let data;
  const module = sdkUrl === k.sdk_url ? sdkEarly : import(k.sdk_url);
  const instance = module.then((m) => m.KlarnaSDK(JSON.parse(config)));
  const early = {
    module,
    instance,
    presentation: instance.then((x) => {
      // The data of the SDK's revision: the newest (with Network.Session) names `intent`, older ones `intents`.
      const newest = !!x.Network?.Session;
      data = json({
        amount: cfg.amount, currency: cfg.currency, locale,
        intents: newest ? undefined : cfg.intents, intent: newest ? cfg.intents[0] : undefined,
        acquiringConfig: newest ? acquiring : undefined,
      });
      return x.Payment.presentation(JSON.parse(data));
    }),
  };
  // Nothing is lost when the page never adopts one (a rejection here is the page's to report when it does).
  module.then((m) => (ns = m), () => {});
  instance.then((x) => (sdk = x), () => {});
  early.presentation.catch(() => {});
  // Each is offered once, and only for the same arguments.
  const take = (step, same) => {
    const p = same && early[step];
    early[step] = null;
    return p || undefined;
  };
  let adopted = false;
  globalThis.__khcKlarna = {
    module: (url) => take('module', url === k.sdk_url),
    instance: (m, c) => {
      const p = take('instance', m === ns && json(c) === config);
      adopted = !!p;
      return p;
    },
    presentation: (x, d) => take('presentation', x === sdk && json(d) === data),
    ...earlyButton(cfg, instance, early.presentation, locale, () => adopted),
  };
}
/**
 * Klarna first: Klarna's payment button, mounted by this script as soon as Klarna's first presentation answers,
 * before the module is instantiated, when the session leaves the page nothing to decide: Klarna selected (Klarna
 * preselects it, or it is the only method), no payment that goes through without a click (the fast-track,
 * the legacy `resolve()`), no result waiting in the outbox, no authorization running at Klarna
 * (`authorization_pending`, src/flow/pending.rs). Otherwise (and when anything here fails) the module mounts the
 * button as before. Klarna's rules hold: its events are listened to before the mount and queued until the page
 * listens (`events`, src/flow/start.rs); a click's `initiate` is held until the page can pay (`serve`: its
 * presentation applied) or adopts the button, then handed to the page's own `initiate`, once. The page adopts the
 * button (`adopt`, src/flow/mounting.rs) when it would mount the same one: the same option object, locale, theme,
 * shape and mode; it moves it into the option's row. Otherwise it releases it (`release`): unmounted, and a held
 * click refused (Klarna reports an error, and the shopper's next click is on the page's button), unless a click
 * already went to the page: that payment keeps its button, adopted.
 */
function earlyButton(cfg, instance, presentation, locale, sameInstance) {
  const s = { stage: 'waiting', queue: [], clicks: [], page: null, listening: false, paid: false };
  const KEYS = ['locale', 'theme', 'shape', 'initiationMode'];
  // From now on a click goes straight to the page's `initiate`; the held ones go there now, in order.
  const hand = (initiate) => {
    s.page = initiate;
    s.paid ||= s.clicks.length > 0;
    for (const click of s.clicks.splice(0)) s.page(click.params).then(click.resolve, click.reject);
  };
  // This script's button is mounted, from the SDK instance the page adopted (whose events the page hears).
  const mine = () => s.stage === 'mounted' && sameInstance();
  // The page would mount this very button: the same instance, option object, locale, theme, shape and mode.
  const same = (option, c, ours = mine()) => ours && option === s.option && KEYS.every((key) => c[key] === s.cfg[key]);
  const release = () => {
    if (s.stage === 'mounted') {
      s.button.unmount();
      s.slot.remove();
      for (const c of s.clicks.splice(0)) c.reject(new Error('the page mounted its own button'));
    }
    s.stage = 'released';
  };
  let outbox = false;
  try {
    outbox = !!localStorage.getItem(`khc:outbox:${location.pathname.split('/').pop()}`);
  } catch {
    // No storage: the outbox is in the module's memory, empty at boot.
  }
  // A payment on its way (the page reloaded while Klarna answers its first click): no button, the page waits.
  if (outbox || cfg.authorization_pending) return { events: () => [], adopt: () => undefined, release };
  const mounted = Promise.all([instance, presentation]).then(async ([x, p]) => {
    const pay = x.Payment;
    const options = Array.isArray(p.paymentOptions) ? p.paymentOptions : [p.savedPaymentOption, p.paymentOption].filter(Boolean);
    if (!options.length && p.header) options.push(p);
    // Klarna selected, as checkout-core's `plan` decides: shown, and preselected by Klarna or alone.
    const pre = p.instruction === 'PRESELECT_KLARNA' || p.instruction === 'SHOW_ONLY_KLARNA';
    const selected = p.instruction !== 'HIDE_KLARNA' && (pre || !cfg.other_methods?.length);
    const payNow = p.paymentStatus === 'PENDING_PARTNER_AUTHORIZATION' || typeof x.Interoperability?.resolve === 'function';
    if (!pay || !options.length || !selected || payNow) return;
    for (const event of ['complete', 'abort', 'error', 'presentationupdate']) {
      pay.on(event, (a, b) => {
        if (!s.listening) s.queue.push([event, a, b]);
        return event === 'complete' ? false : undefined;
      });
    }
    // The option chosen, as checkout-core's `preferred_option` chooses: Klarna's selected one, else the saved one.
    const option = options.find((o) => o.selected === true) ?? p.savedPaymentOption ?? options[0];
    // v2: `Payment.button()` pays for the option `select()`ed.
    if (typeof option.select === 'function') await option.select();
    if (s.stage !== 'waiting') return;
    // Held until the page takes the clicks (`serve`, `adopt`); `paid`: one went to the page before the adoption.
    const initiate = (params) => (s.page ? ((s.paid = true), s.page(params)) : new Promise((resolve, reject) => s.clicks.push({ params, resolve, reject })));
    const cfgOf = { initiate, locale, theme: cfg.appearance?.theme === 'dark' ? 'light' : 'default', shape: 'default', initiationMode: 'DEVICE_BEST' };
    const component = option.paymentButton?.component;
    const button = typeof component === 'function' ? option.paymentButton.component(cfgOf) : pay.button(cfgOf);
    const slot = document.createElement('div');
    slot.className = 'khc-early';
    // This script runs in the <head>: the page's body may still be parsing (never seen; cheap to be sure).
    if (document.readyState === 'loading') await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
    if (s.stage !== 'waiting') return;
    document.getElementById('app').after(slot);
    try {
      button.mount(slot);
    } catch (e) {
      slot.remove();
      throw e;
    }
    Object.assign(s, { stage: 'mounted', option, cfg: cfgOf, button, slot });
    performance.mark('khc:early-button');
  });
  // A failure here is the module's to meet again, with its retries and codes: it mounts its own button.
  mounted.catch(() => (s.stage = 'released'));
  globalThis.__khcEarlyButton = mounted;
  return {
    events: () => {
      s.listening = true;
      return s.queue.splice(0);
    },
    // The page can pay (its presentation is applied) before it has rendered Klarna's row: clicks go to its
    // `initiate` from then on, while the button waits where it is for `adopt`. Only for the very button the page
    // would mount; `true` when served.
    serve: (option, c) => {
      if (s.page || !same(option, c)) return false;
      hand(c.initiate);
      performance.mark('khc:served');
      return true;
    },
    adopt: (option, c, target) => {
      // Only a button of the SDK instance the page adopted (whose events the page hears) is taken: the same one,
      // or, when the shopper already clicked it, whatever the page would mount (the click is the payment).
      const ours = mine();
      if (!same(option, c, ours) && !(ours && (s.clicks.length || s.paid))) return release();
      s.stage = 'adopted';
      s.slot.removeAttribute('class');
      try {
        target.moveBefore(s.slot, null); // keeps the button's state (an iframe is not reloaded): Chromium 133+
      } catch {
        target.append(s.slot);
      }
      hand(c.initiate);
      performance.mark('khc:adopted');
      return s.button;
    },
    release,
  };
}
