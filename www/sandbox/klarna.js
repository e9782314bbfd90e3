/**
 * Klarna Web SDK v2 emulator ("the sandbox SDK").
 *
 * A stand-in for `https://js.klarna.com/web-sdk/v2/klarna.mjs` that runs without Klarna's servers, for local
 * development and for CI. It is served at `/sandbox/klarna.js` by `checkout-server` in `KLARNA_MODE=sandbox`
 * and is specified by `docs/sandbox.md`; `www/sandbox/README.md` explains how to use it in tests.
 *
 * What it does:
 * - `KlarnaSDK(config)` → the documented v2 namespaces (`Payment`, `Messaging`, `Identity`, `Interoperability`,
 *   `Network.Session`, `Config`), validating inputs like a strict SDK (a `TypeError` names the bad field).
 * - An `initiate` answering `PaymentRequestData` runs the express journey (express-journey.js); `Identity`
 *   emulates Sign in with Klarna (identity.js).
 * - `Payment.presentation()` decides the instruction by the sandbox test triggers (see `decideInstruction`)
 *   and returns localized descriptors (16 Klarna languages) in the current, r6 or list shape.
 * - The payment button calls the merchant's `initiate` and runs the purchase journey: a modal dialog that
 *   talks to the sandbox API under `/sandbox/klarna/` and ends in `complete`, `abort` or `error`.
 * - Every call is recorded in `globalThis.__klarnaSandbox.calls` (structured-cloneable), so a test can
 *   check the network session token at every hop.
 *
 * Module options (query string of this module's URL): `?surface=v1` (adds `Interoperability.resolve`),
 * `?shape=r6|list` (presentation shape), `?fail=init|presentation` (fault injection, comma separated or
 * repeated), `?delay=<ms>` (every asynchronous step waits).
 *
 * Plain ES module, no dependencies, no build step. Safe under a CSP without 'unsafe-inline': the DOM is
 * built with createElement/textContent and styled by `klarna.css`, linked once from this module.
 */

import { isPaymentRequestData, runExpressJourney } from './express-journey.js';
import { identityNamespace } from './identity.js';

// ───────────────────────────── module options ─────────────────────────────

/** Base of the browser-facing sandbox API (`/sandbox/klarna/` on the server that serves this module). */
const API_BASE = new URL('/sandbox/klarna/', import.meta.url).href;
const STYLESHEET_URL = new URL('./klarna.css', import.meta.url).href;
const ASSETS = {
  badge: new URL('./assets/klarna-badge.svg', import.meta.url).href,
  rectangle: new URL('./assets/klarna-rectangle.svg', import.meta.url).href,
  square: new URL('./assets/klarna-square.svg', import.meta.url).href,
};
const INFO_URL = new URL('./README.md', import.meta.url).href;

/**
 * Parses the module's query options; a typo fails the import loudly instead of silently testing the
 * wrong thing.
 * @param {URLSearchParams} params
 */
function parseModuleOptions(params) {
  const bad = (name, value, expected) =>
    new TypeError(`Klarna sandbox: ?${name}=${value} is not supported; expected ${expected}`);
  const surface = params.get('surface') ?? 'v2';
  if (!['v1', 'v2'].includes(surface)) throw bad('surface', surface, 'v1 or v2');
  const shape = params.get('shape') ?? 'current';
  if (!['current', 'r6', 'list'].includes(shape)) throw bad('shape', shape, 'r6, list or current');
  const fail = new Set(params.getAll('fail').flatMap((v) => v.split(',')).filter(Boolean));
  for (const f of fail) if (!['init', 'presentation'].includes(f)) throw bad('fail', f, 'init or presentation');
  const delayRaw = params.get('delay') ?? '0';
  if (!/^\d{1,6}$/.test(delayRaw)) throw bad('delay', delayRaw, 'a whole number of milliseconds');
  return Object.freeze({ surface, shape, fail, delay: Number(delayRaw) });
}

/**
 * Options come from the module URL's query; a test may also set them for every frame of a page before
 * the module loads with `globalThis.__KLARNA_SANDBOX_OPTIONS__ = 'surface=v1&shape=r6'` (Playwright's
 * `addInitScript`), where it can't change the URL the hosted page imports.
 */
const OPTIONS = parseModuleOptions(
  (() => {
    const params = new URL(import.meta.url).searchParams;
    const extra = globalThis.__KLARNA_SANDBOX_OPTIONS__;
    if (typeof extra === 'string') for (const [k, v] of new URLSearchParams(extra)) params.append(k, v);
    return params;
  })(),
);

// ───────────────────────────── Klarna facts ─────────────────────────────

const INSTRUCTIONS = ['HIDE_KLARNA', 'SHOW_ONLY_KLARNA', 'PRESELECT_KLARNA', 'SHOW_KLARNA']; // most restrictive first
const MIN_AMOUNT = 100; // 1.00 in minor units
const MAX_AMOUNT = 1_000_000; // 10,000.00 in minor units
const PRODUCTS = ['PAYMENT', 'CUSTOMER', 'IDENTITY', 'MESSAGING'];
const INTENTS = ['PAY', 'SUBSCRIBE', 'SIGNUP', 'SIGNIN', 'DONATE', 'ADD_TO_WALLET'];
const THEMES = ['default', 'light', 'dark', 'outlined'];
const BUTTON_SHAPES = ['default', 'pill', 'rect'];
const ICON_SHAPES = ['default', 'badge', 'rectangle', 'square'];
const INITIATION_MODES = ['DEVICE_BEST', 'REDIRECT', 'ON_PAGE', 'POPUP'];
const PAYMENT_EVENTS = ['complete', 'abort', 'error', 'presentationupdate', 'shippingaddresschange', 'shippingoptionselect'];
const PLACEMENT_KEYS = [
  'checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner',
  'info-page', 'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge',
];
/** The only currency Klarna accepts in each market (country of the locale). */
const MARKET_CURRENCY = Object.freeze({
  AT: 'EUR', BE: 'EUR', DE: 'EUR', ES: 'EUR', FI: 'EUR', FR: 'EUR', GR: 'EUR', IE: 'EUR', IT: 'EUR', NL: 'EUR',
  PT: 'EUR', AU: 'AUD', CA: 'CAD', CH: 'CHF', CZ: 'CZK', DK: 'DKK', GB: 'GBP', HU: 'HUF', MX: 'MXN', NO: 'NOK',
  NZ: 'NZD', PL: 'PLN', RO: 'RON', SE: 'SEK', US: 'USD',
});
/** ISO 4217 minor-unit exponents that are not 2 (every Klarna currency has 2). */
const MINOR_DIGITS = { BHD: 3, CLP: 0, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, OMR: 3, TND: 3, UGX: 0, VND: 0 };
const JOURNEY_SELF_CLOSE_MS = 300;

// ───────────────────────────── localized texts ─────────────────────────────

/**
 * Sandbox descriptor texts per Klarna language (written for the sandbox, not Klarna's wording).
 * `{amount}` / `{installment}` are filled with Intl-formatted money. Journey texts get " (sandbox)" appended
 * when shown; descriptor texts never carry the marker.
 */
const TEXTS = {
  en: {
    header: 'Pay with Klarna', subheader: 'Pay in 3 interest-free payments or pay later',
    message: 'Split {amount} into 3 interest-free payments of {installment}.', button: 'Pay with Klarna',
    badge: 'Saved', savedSubheader: 'Your saved Klarna payment option', learnMore: 'Learn more',
    placementAmount: 'Pay in 3 interest-free payments of {installment}.', placementGeneric: 'Buy now, pay later with Klarna.',
    journeyLoading: 'Loading your purchase…', journeyPrompt: 'Confirm your purchase with Klarna.',
    journeyClosing: 'Closing Klarna…',
    confirm: 'Confirm and pay', cancel: 'Cancel',
  },
  de: {
    header: 'Mit Klarna bezahlen', subheader: 'In 3 zinsfreien Raten oder später bezahlen',
    message: '{amount} in 3 zinsfreie Raten zu je {installment} aufteilen.', button: 'Mit Klarna bezahlen',
    badge: 'Gespeichert', savedSubheader: 'Deine gespeicherte Klarna-Zahlungsart', learnMore: 'Mehr erfahren',
    placementAmount: 'Bezahle in 3 zinsfreien Raten zu je {installment}.', placementGeneric: 'Jetzt kaufen, später bezahlen mit Klarna.',
    journeyLoading: 'Dein Einkauf wird geladen …', journeyPrompt: 'Bestätige deinen Einkauf mit Klarna.',
    journeyClosing: 'Klarna wird geschlossen …',
    confirm: 'Bestätigen und bezahlen', cancel: 'Abbrechen',
  },
  nl: {
    header: 'Betalen met Klarna', subheader: 'Betaal in 3 renteloze termijnen of betaal later',
    message: 'Verdeel {amount} over 3 renteloze termijnen van {installment}.', button: 'Betalen met Klarna',
    badge: 'Opgeslagen', savedSubheader: 'Je opgeslagen Klarna-betaaloptie', learnMore: 'Meer informatie',
    placementAmount: 'Betaal in 3 renteloze termijnen van {installment}.', placementGeneric: 'Koop nu, betaal later met Klarna.',
    journeyLoading: 'Je aankoop wordt geladen…', journeyPrompt: 'Bevestig je aankoop met Klarna.',
    journeyClosing: 'Klarna wordt gesloten…',
    confirm: 'Bevestigen en betalen', cancel: 'Annuleren',
  },
  fr: {
    header: 'Payer avec Klarna', subheader: 'Payez en 3 fois sans frais ou payez plus tard',
    message: 'Réglez {amount} en 3 versements sans frais de {installment}.', button: 'Payer avec Klarna',
    badge: 'Enregistré', savedSubheader: 'Votre moyen de paiement Klarna enregistré', learnMore: 'En savoir plus',
    placementAmount: 'Payez en 3 versements sans frais de {installment}.', placementGeneric: 'Achetez maintenant, payez plus tard avec Klarna.',
    journeyLoading: 'Chargement de votre achat…', journeyPrompt: 'Confirmez votre achat avec Klarna.',
    journeyClosing: 'Fermeture de Klarna…',
    confirm: 'Confirmer et payer', cancel: 'Annuler',
  },
  it: {
    header: 'Paga con Klarna', subheader: 'Paga in 3 rate senza interessi o paga più tardi',
    message: 'Dividi {amount} in 3 rate senza interessi da {installment}.', button: 'Paga con Klarna',
    badge: 'Salvato', savedSubheader: 'Il tuo metodo di pagamento Klarna salvato', learnMore: 'Scopri di più',
    placementAmount: 'Paga in 3 rate senza interessi da {installment}.', placementGeneric: 'Acquista ora, paga più tardi con Klarna.',
    journeyLoading: 'Caricamento del tuo acquisto…', journeyPrompt: 'Conferma il tuo acquisto con Klarna.',
    journeyClosing: 'Chiusura di Klarna…',
    confirm: 'Conferma e paga', cancel: 'Annulla',
  },
  cs: {
    header: 'Zaplatit přes Klarna', subheader: 'Zaplaťte ve 3 bezúročných splátkách nebo později',
    message: 'Rozložte {amount} do 3 bezúročných splátek po {installment}.', button: 'Zaplatit přes Klarna',
    badge: 'Uloženo', savedSubheader: 'Vaše uložená platební metoda Klarna', learnMore: 'Další informace',
    placementAmount: 'Zaplaťte ve 3 bezúročných splátkách po {installment}.', placementGeneric: 'Nakupte hned, zaplaťte později přes Klarna.',
    journeyLoading: 'Načítání nákupu…', journeyPrompt: 'Potvrďte svůj nákup přes Klarna.',
    journeyClosing: 'Klarna se zavírá…',
    confirm: 'Potvrdit a zaplatit', cancel: 'Zrušit',
  },
  da: {
    header: 'Betal med Klarna', subheader: 'Betal i 3 rentefrie rater eller betal senere',
    message: 'Del {amount} op i 3 rentefrie rater på {installment}.', button: 'Betal med Klarna',
    badge: 'Gemt', savedSubheader: 'Din gemte Klarna-betalingsmetode', learnMore: 'Læs mere',
    placementAmount: 'Betal i 3 rentefrie rater på {installment}.', placementGeneric: 'Køb nu, betal senere med Klarna.',
    journeyLoading: 'Indlæser dit køb…', journeyPrompt: 'Bekræft dit køb med Klarna.',
    journeyClosing: 'Klarna lukkes…',
    confirm: 'Bekræft og betal', cancel: 'Annuller',
  },
  es: {
    header: 'Pagar con Klarna', subheader: 'Paga en 3 plazos sin intereses o paga más tarde',
    message: 'Divide {amount} en 3 plazos sin intereses de {installment}.', button: 'Pagar con Klarna',
    badge: 'Guardado', savedSubheader: 'Tu método de pago de Klarna guardado', learnMore: 'Más información',
    placementAmount: 'Paga en 3 plazos sin intereses de {installment}.', placementGeneric: 'Compra ahora y paga más tarde con Klarna.',
    journeyLoading: 'Cargando tu compra…', journeyPrompt: 'Confirma tu compra con Klarna.',
    journeyClosing: 'Cerrando Klarna…',
    confirm: 'Confirmar y pagar', cancel: 'Cancelar',
  },
  fi: {
    header: 'Maksa Klarnalla', subheader: 'Maksa 3 korottomassa erässä tai myöhemmin',
    message: 'Maksa {amount} 3 korottomassa erässä ({installment}/erä).', button: 'Maksa Klarnalla',
    badge: 'Tallennettu', savedSubheader: 'Tallennettu Klarna-maksutapasi', learnMore: 'Lue lisää',
    placementAmount: 'Maksa 3 korottomassa erässä, {installment}/erä.', placementGeneric: 'Osta nyt, maksa myöhemmin Klarnalla.',
    journeyLoading: 'Ostostasi ladataan…', journeyPrompt: 'Vahvista ostoksesi Klarnalla.',
    journeyClosing: 'Klarna suljetaan…',
    confirm: 'Vahvista ja maksa', cancel: 'Peruuta',
  },
  sv: {
    header: 'Betala med Klarna', subheader: 'Dela upp i 3 räntefria betalningar eller betala senare',
    message: 'Dela upp {amount} i 3 räntefria betalningar på {installment}.', button: 'Betala med Klarna',
    badge: 'Sparad', savedSubheader: 'Ditt sparade betalsätt hos Klarna', learnMore: 'Läs mer',
    placementAmount: 'Betala i 3 räntefria delbetalningar på {installment}.', placementGeneric: 'Köp nu, betala senare med Klarna.',
    journeyLoading: 'Laddar ditt köp…', journeyPrompt: 'Bekräfta ditt köp med Klarna.',
    journeyClosing: 'Klarna stängs…',
    confirm: 'Bekräfta och betala', cancel: 'Avbryt',
  },
  el: {
    header: 'Πληρωμή με Klarna', subheader: 'Πληρώστε σε 3 άτοκες δόσεις ή πληρώστε αργότερα',
    message: 'Χωρίστε το ποσό των {amount} σε 3 άτοκες δόσεις των {installment}.', button: 'Πληρωμή με Klarna',
    badge: 'Αποθηκευμένο', savedSubheader: 'Ο αποθηκευμένος τρόπος πληρωμής σας με Klarna', learnMore: 'Μάθετε περισσότερα',
    placementAmount: 'Πληρώστε σε 3 άτοκες δόσεις των {installment}.', placementGeneric: 'Αγοράστε τώρα, πληρώστε αργότερα με Klarna.',
    journeyLoading: 'Φόρτωση της αγοράς σας…', journeyPrompt: 'Επιβεβαιώστε την αγορά σας με Klarna.',
    journeyClosing: 'Το Klarna κλείνει…',
    confirm: 'Επιβεβαίωση και πληρωμή', cancel: 'Ακύρωση',
  },
  no: {
    header: 'Betal med Klarna', subheader: 'Betal i 3 rentefrie avdrag eller betal senere',
    message: 'Del opp {amount} i 3 rentefrie avdrag på {installment}.', button: 'Betal med Klarna',
    badge: 'Lagret', savedSubheader: 'Din lagrede betalingsmåte hos Klarna', learnMore: 'Les mer',
    placementAmount: 'Betal i 3 rentefrie avdrag på {installment}.', placementGeneric: 'Kjøp nå, betal senere med Klarna.',
    journeyLoading: 'Laster inn kjøpet ditt…', journeyPrompt: 'Bekreft kjøpet ditt med Klarna.',
    journeyClosing: 'Klarna lukkes…',
    confirm: 'Bekreft og betal', cancel: 'Avbryt',
  },
  pl: {
    header: 'Zapłać z Klarna', subheader: 'Zapłać w 3 nieoprocentowanych ratach lub później',
    message: 'Podziel {amount} na 3 nieoprocentowane raty po {installment}.', button: 'Zapłać z Klarna',
    badge: 'Zapisana', savedSubheader: 'Twoja zapisana metoda płatności Klarna', learnMore: 'Dowiedz się więcej',
    placementAmount: 'Zapłać w 3 nieoprocentowanych ratach po {installment}.', placementGeneric: 'Kup teraz, zapłać później z Klarna.',
    journeyLoading: 'Wczytywanie zakupu…', journeyPrompt: 'Potwierdź zakup w Klarna.',
    journeyClosing: 'Zamykanie Klarna…',
    confirm: 'Potwierdź i zapłać', cancel: 'Anuluj',
  },
  pt: {
    header: 'Pagar com Klarna', subheader: 'Pague em 3 prestações sem juros ou pague mais tarde',
    message: 'Divida {amount} em 3 prestações sem juros de {installment}.', button: 'Pagar com Klarna',
    badge: 'Guardado', savedSubheader: 'O seu método de pagamento Klarna guardado', learnMore: 'Saiba mais',
    placementAmount: 'Pague em 3 prestações sem juros de {installment}.', placementGeneric: 'Compre agora, pague mais tarde com Klarna.',
    journeyLoading: 'A carregar a sua compra…', journeyPrompt: 'Confirme a sua compra com Klarna.',
    journeyClosing: 'A fechar o Klarna…',
    confirm: 'Confirmar e pagar', cancel: 'Cancelar',
  },
  hu: {
    header: 'Fizetés Klarnával', subheader: 'Fizessen 3 kamatmentes részletben vagy később',
    message: '{amount} 3 kamatmentes részletben, részletenként {installment}.', button: 'Fizetés Klarnával',
    badge: 'Mentett', savedSubheader: 'Az Ön mentett Klarna fizetési módja', learnMore: 'További információ',
    placementAmount: 'Fizessen 3 kamatmentes részletben, részletenként {installment}.', placementGeneric: 'Vásároljon most, fizessen később a Klarnával.',
    journeyLoading: 'A vásárlás betöltése…', journeyPrompt: 'Erősítse meg a vásárlást a Klarnával.',
    journeyClosing: 'A Klarna bezárul…',
    confirm: 'Megerősítés és fizetés', cancel: 'Mégse',
  },
  ro: {
    header: 'Plătește cu Klarna', subheader: 'Plătește în 3 rate fără dobândă sau mai târziu',
    message: 'Împarte {amount} în 3 rate fără dobândă de {installment}.', button: 'Plătește cu Klarna',
    badge: 'Salvată', savedSubheader: 'Metoda ta de plată Klarna salvată', learnMore: 'Află mai multe',
    placementAmount: 'Plătește în 3 rate fără dobândă de {installment}.', placementGeneric: 'Cumpără acum, plătește mai târziu cu Klarna.',
    journeyLoading: 'Se încarcă achiziția ta…', journeyPrompt: 'Confirmă achiziția cu Klarna.',
    journeyClosing: 'Klarna se închide…',
    confirm: 'Confirmă și plătește', cancel: 'Anulează',
  },
};
const SANDBOX_MARK = ' (sandbox)';

// ───────────────────────────── test record ─────────────────────────────

const REGISTRY = Symbol.for('klarna-sandbox.instances');

/**
 * The shared test record `globalThis.__klarnaSandbox`. Reused when another copy of this module (another
 * query string) already created it, so one record and one emitter reach every SDK instance on the page.
 */
function sharedRecord() {
  const existing = globalThis.__klarnaSandbox;
  if (existing && existing[REGISTRY] instanceof Set) return existing;
  const instances = new Set();
  const calls = [];
  let seq = 0;
  const record = {
    /** Every call, in order: `{seq, sdk, method, args, token?, result?}`; plain data only. */
    calls,
    /** Sets the network session token everywhere and calls every `tokenupdate` handler with it. */
    emitTokenUpdate(token) {
      if (typeof token !== 'string' || token === '') {
        throw invalid('__klarnaSandbox.emitTokenUpdate', 'token', 'must be a non-empty string', token);
      }
      push(null, 'tokenupdate', [token], { token });
      let called = 0;
      for (const instance of instances) called += instance.applyTokenUpdate(token);
      return called;
    },
    /** Recomputes each instance's last presentation (optionally patched) and emits `presentationupdate`. */
    emitPresentationUpdate(patch = {}) {
      push(null, 'presentationupdate', [patch]);
      let called = 0;
      for (const instance of instances) called += instance.applyPresentationUpdate(patch);
      return called;
    },
    /** The calls of one method, e.g. `callsOf('initiate')`. */
    callsOf: (method) => calls.filter((c) => c.method === method),
    /** `[{seq, method, token}]` for every hop that saw a network session token. */
    tokens: () => calls.filter((c) => 'token' in c).map(({ seq: s, method, token }) => ({ seq: s, method, token })),
    /** Forgets the recorded calls (instances and handlers stay). */
    reset() {
      calls.length = 0;
      seq = 0;
    },
  };
  /** Appends one call; returns the entry so a later answer can be attached as `result`. */
  function push(sdk, method, args, extra = {}) {
    const entry = { seq: ++seq, sdk, method, args: snapshot(args), ...snapshot(extra) };
    calls.push(entry);
    return entry;
  }
  Object.defineProperty(record, REGISTRY, { value: instances });
  Object.defineProperty(record, 'push', { value: push });
  globalThis.__klarnaSandbox = record;
  return record;
}

/**
 * A structured-cloneable copy of `value` taken now: functions, DOM nodes and promises become
 * descriptive strings, errors become `{name, message}`, cycles are cut.
 */
function snapshot(value, seen = new WeakSet(), depth = 0) {
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.nodeType === 'number' && typeof value.nodeName === 'string') return `[Element ${value.nodeName}]`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value.then === 'function') return '[Promise]';
  if (seen.has(value)) return '[Circular]';
  if (depth > 10) return '[Too deep]';
  seen.add(value);
  let copy;
  if (Array.isArray(value)) copy = value.map((v) => snapshot(v, seen, depth + 1));
  else {
    copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = snapshot(v, seen, depth + 1);
  }
  seen.delete(value);
  return copy;
}

const RECORD = sharedRecord();

// ───────────────────────────── small helpers ─────────────────────────────

function describe(value) {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return typeof value;
  }
}

/** A TypeError naming the call and the field: `Klarna sandbox: presentation: "amount" must be …, got 12.5`. */
function invalid(where, field, expected, got) {
  return new TypeError(`Klarna sandbox: ${where}: "${field}" ${expected}, got ${describe(got)}`);
}

function requireObject(where, field, value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(where, field, 'must be an object', value);
  }
  return value;
}

function optionalString(where, field, value) {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw invalid(where, field, 'must be a non-empty string when given', value);
  }
  return value;
}

function optionalBoolean(where, field, value) {
  if (value !== undefined && typeof value !== 'boolean') throw invalid(where, field, 'must be a boolean', value);
  return value;
}

function optionalOneOf(where, field, value, allowed) {
  if (value !== undefined && !allowed.includes(value)) {
    throw invalid(where, field, `must be one of ${allowed.join(', ')}`, value);
  }
  return value;
}

function optionalLocale(where, field, value) {
  if (value !== undefined && (typeof value !== 'string' || !/^[a-z]{2}-[A-Z]{2}$/.test(value))) {
    throw invalid(where, field, 'must be a Klarna locale like "en-US" (language-COUNTRY)', value);
  }
  return value;
}

function minorUnits(where, field, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(where, field, 'must be a non-negative integer number of minor units', value);
  }
  return value;
}

function currencyCode(where, field, value) {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw invalid(where, field, 'must be an ISO 4217 code like "EUR"', value);
  }
  return value;
}

function optionalIntents(where, value) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((i) => !INTENTS.includes(i))) {
    throw invalid(where, 'intents', `must be an array of ${INTENTS.join(', ')}`, value);
  }
  return value;
}

function fault(what) {
  const error = new Error(`Klarna sandbox: ${what} failed on purpose (?fail=${what} on the module URL)`);
  error.name = 'KlarnaSandboxFault';
  return error;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The `?delay` every asynchronous step waits. */
const pause = () => (OPTIONS.delay > 0 ? sleep(OPTIONS.delay) : Promise.resolve());

function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

function randomHex(bytes) {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomUuid() {
  const h = randomHex(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Klarna region of a country (`us1`, `oc1` or `eu1`), used in generated ids. */
function regionOf(country) {
  if (['US', 'CA', 'MX'].includes(country)) return 'us1';
  if (['AU', 'NZ'].includes(country)) return 'oc1';
  return 'eu1';
}

const countryOf = (locale) => (locale ? locale.slice(3) : undefined);

/** The text language of a locale: one of TEXTS' keys; Norwegian `nb`/`nn` read `no`; else English. */
function languageOf(locale) {
  if (!locale) return 'en';
  const lang = locale.slice(0, 2).toLowerCase();
  const normalized = lang === 'nb' || lang === 'nn' ? 'no' : lang;
  return Object.hasOwn(TEXTS, normalized) ? normalized : 'en';
}

/** Formats minor units as money in the locale (display only; no arithmetic on the result). */
function formatMoney(minor, currency, locale) {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale ?? 'en', { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

/** Decodes the sandbox SDK token `sandbox_sdk_token.<base64url(token)>`; anything else gives `undefined`. */
function tokenFromSdkToken(sdkToken) {
  const match = /^sandbox_sdk_token\.([A-Za-z0-9_-]+={0,2})$/.exec(sdkToken ?? '');
  if (!match) return undefined;
  try {
    const b64 = match[1].replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const token = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return token || undefined;
  } catch {
    return undefined;
  }
}

// ───────────────────────────── decisions ─────────────────────────────

/**
 * The presentation instruction, by the sandbox test triggers (docs/sandbox.md):
 * 1. a trigger word in the token forces the instruction (the most restrictive wins if several);
 * 2. an amount outside 100…1,000,000 minor units or a currency that is not the locale's market currency → hide;
 * 3. any other token (a shopper Klarna knows) → preselect, with a saved option;
 * 4. else show.
 * @returns {{instruction: string, reason: 'trigger'|'amount'|'market'|'known-shopper'|'default'}}
 */
function decideInstruction({ token, amount, currency, country }) {
  const forced = INSTRUCTIONS.find((word) => token.includes(word));
  if (forced) return { instruction: forced, reason: 'trigger' };
  if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) return { instruction: 'HIDE_KLARNA', reason: 'amount' };
  if (MARKET_CURRENCY[country] !== currency) return { instruction: 'HIDE_KLARNA', reason: 'market' };
  if (token) return { instruction: 'PRESELECT_KLARNA', reason: 'known-shopper' };
  return { instruction: 'SHOW_KLARNA', reason: 'default' };
}

/** v1 `resolve()` status by the same triggers, plus `PENDING_CONFIRMATION`. */
function decideResolveStatus({ token, amount, currency, country }) {
  if (token.includes('PENDING_CONFIRMATION')) return 'PAYMENT_PENDING_CONFIRMATION';
  const forced = INSTRUCTIONS.find((word) => token.includes(word));
  const byInstruction = {
    HIDE_KLARNA: 'PAYMENT_UNSUPPORTED', SHOW_KLARNA: 'PAYMENT_SUPPORTED',
    PRESELECT_KLARNA: 'PAYMENT_PREPARED', SHOW_ONLY_KLARNA: 'PAYMENT_PREPARED',
  };
  if (forced) return byInstruction[forced];
  if (amount !== undefined && (amount < MIN_AMOUNT || amount > MAX_AMOUNT)) return 'PAYMENT_UNSUPPORTED';
  if (country !== undefined && MARKET_CURRENCY[country] !== currency) return 'PAYMENT_UNSUPPORTED';
  return token ? 'PAYMENT_PREPARED' : 'PAYMENT_SUPPORTED';
}

const optionIdFor = (kind, country) => `po_sandbox_${kind}_${(country ?? 'xx').toLowerCase()}`;

// ───────────────────────────── DOM ─────────────────────────────

/** Creates an element: `class`, `text`, `data-*`, `aria-*` and `role` as attributes, the rest as properties. */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Links `klarna.css` once per document (CSP-friendly: no inline styles anywhere). */
function ensureStylesheet() {
  if (document.querySelector('link[data-klarna-sandbox-stylesheet]')) return;
  const link = h('link', { rel: 'stylesheet', href: STYLESHEET_URL, 'data-klarna-sandbox-stylesheet': '' });
  (document.head ?? document.documentElement).appendChild(link);
}

function resolveTarget(where, target) {
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
 * @param {Instance} sdk
 */
function uiElement(sdk, part, node, extra = {}) {
  const handle = {
    htmlElement: node,
    mount(target) {
      sdk.record('mount', [part, typeof target === 'string' ? target : snapshot(target)]);
      resolveTarget(`${part}.mount`, target).appendChild(node);
      return handle;
    },
    unmount() {
      sdk.record('unmount', [part]);
      node.remove();
      return handle;
    },
    ...extra,
  };
  return Object.freeze(handle);
}

// ───────────────────────────── descriptors ─────────────────────────────

/**
 * One payment option's parts, localized. Nothing touches the DOM until a `component()` is called.
 * @param {Instance} sdk
 * @param {Input} input normalized presentation input
 * @param {'klarna'|'saved'} kind
 */
function describeOption(sdk, input, kind) {
  const t = TEXTS[input.lang];
  const paymentOptionId = optionIdFor(kind, input.country);
  const money = (minor) => formatMoney(minor, input.currency, input.locale);
  const installment = Math.ceil(input.amount / 3);
  const texts = {
    header: t.header,
    subheader: kind === 'saved' ? t.savedSubheader : t.subheader,
    message: fill(t.message, { amount: money(input.amount), installment: money(installment) }),
  };
  const textPart = (part, text) => ({
    text,
    component: () => {
      sdk.record('component', [{ part, paymentOptionId }]);
      ensureStylesheet();
      const node = h('span', { class: `klarna-sandbox-${part}`, text, 'data-testid': `klarna-sdk-${part}` });
      node.setAttribute('data-payment-option-id', paymentOptionId);
      return uiElement(sdk, part, node);
    },
  });
  const option = {
    paymentOptionId,
    header: textPart('header', texts.header),
    subheader: textPart('subheader', texts.subheader),
    message: textPart('message', texts.message),
    icon: iconPart(sdk, paymentOptionId),
    paymentButton: {
      text: t.button,
      component: (cfg) => createPaymentButton(sdk, cfg, { paymentOptionId, locale: input.locale, where: 'paymentButton.component' }),
    },
  };
  if (kind === 'saved') option.badge = textPart('badge', t.badge);
  return option;
}

/** The icon part: image URLs and `component({shape})`. `alt` is the brand, like Klarna's. */
function iconPart(sdk, paymentOptionId) {
  return {
    alt: 'Klarna',
    badgeImageUrl: ASSETS.badge,
    rectangleImageUrl: ASSETS.rectangle,
    squareImageUrl: ASSETS.square,
    component: (options = {}) => {
      const where = 'icon.component';
      requireObject(where, 'options', options);
      const shape = optionalOneOf(where, 'shape', options.shape, ICON_SHAPES) ?? 'default';
      sdk.record('component', [{ part: 'icon', paymentOptionId, shape }]);
      ensureStylesheet();
      const src = shape === 'rectangle' ? ASSETS.rectangle : shape === 'square' ? ASSETS.square : ASSETS.badge;
      const node = h('img', {
        class: `klarna-sandbox-icon klarna-sandbox-icon--${shape}`, src, alt: 'Klarna', 'data-testid': 'klarna-sdk-icon',
      });
      return uiElement(sdk, 'icon', node);
    },
  };
}

/** Builds the presentation in the shape chosen by `?shape=` (current, r6 or list). */
function buildPresentation(sdk, input, decision) {
  const { instruction } = decision;
  const hidden = instruction === 'HIDE_KLARNA';
  // The option is always described (docs/sandbox.md: `paymentOption` is not optional); obeying the
  // instruction is the page's job. A shopper Klarna knows (a token) has a saved option when Klarna is offered.
  const standard = describeOption(sdk, input, 'klarna');
  const saved = !hidden && input.token ? describeOption(sdk, input, 'saved') : undefined;
  sdk.preferredOptionId = (saved ?? standard).paymentOptionId;
  sdk.selectedOptionId = undefined;

  if (OPTIONS.shape === 'r6') {
    const t = TEXTS[input.lang];
    const link = { href: INFO_URL, linkText: t.learnMore };
    return {
      instruction,
      header: standard.header,
      subheader: {
        short: standard.subheader,
        enriched: {
          text: standard.message.text,
          link,
          component: () => {
            sdk.record('component', [{ part: 'subheader.enriched', paymentOptionId: standard.paymentOptionId }]);
            ensureStylesheet();
            const node = h('span', { class: 'klarna-sandbox-message', 'data-testid': 'klarna-sdk-message', text: `${standard.message.text} ` },
              h('a', { href: link.href, text: link.linkText, target: '_blank', rel: 'noopener' }));
            return uiElement(sdk, 'subheader.enriched', node);
          },
        },
      },
      icon: standard.icon,
      paymentButton: standard.paymentButton,
    };
  }

  if (OPTIONS.shape === 'list') {
    const options = [saved, standard].filter(Boolean);
    const preselect = instruction === 'PRESELECT_KLARNA' || instruction === 'SHOW_ONLY_KLARNA';
    sdk.selectedOptionId = preselect ? options[0]?.paymentOptionId : undefined;
    return {
      instruction,
      paymentOptions: options.map((o) => ({
        paymentOptionId: o.paymentOptionId,
        content: { header: o.header, subheader: o.subheader, message: o.message, logo: o.icon, ...(o.badge && { badge: o.badge }) },
        paymentButton: o.paymentButton,
        get selected() {
          return sdk.selectedOptionId === o.paymentOptionId;
        },
        async select() {
          sdk.record('select', [o.paymentOptionId]);
          await pause();
          sdk.selectedOptionId = o.paymentOptionId;
        },
      })),
    };
  }

  return { instruction, paymentOption: standard, ...(saved && { savedPaymentOption: saved }) };
}

// ───────────────────────────── payment button ─────────────────────────────

/**
 * Klarna's payment button: a real `<button type="button">`. A click calls `cfg.initiate` once (clicks while
 * an initiation runs, or while disabled/loading, are ignored) and follows the answer (`runInitiation`).
 * @param {Instance} sdk
 */
function createPaymentButton(sdk, cfg, { paymentOptionId, locale, where }) {
  requireObject(where, 'config', cfg);
  if (typeof cfg.initiate !== 'function') throw invalid(where, 'initiate', 'must be a function', cfg.initiate);
  const theme = optionalOneOf(where, 'theme', cfg.theme, THEMES) ?? 'default';
  const shape = optionalOneOf(where, 'shape', cfg.shape, BUTTON_SHAPES) ?? 'default';
  optionalOneOf(where, 'initiationMode', cfg.initiationMode, INITIATION_MODES);
  optionalLocale(where, 'locale', cfg.locale);
  optionalString(where, 'id', cfg.id);
  optionalString(where, 'logoAlignment', cfg.logoAlignment);
  optionalBoolean(where, 'disabled', cfg.disabled);
  optionalBoolean(where, 'loading', cfg.loading);
  optionalBoolean(where, 'hideOverlay', cfg.hideOverlay);
  optionalIntents(where, cfg.intents);
  const optionId = () => paymentOptionId ?? sdk.selectedOptionId ?? sdk.preferredOptionId;
  const buttonLocale = cfg.locale ?? locale ?? sdk.lastLocale ?? sdk.locale;
  sdk.record('button', [cfg], { token: sdk.token, paymentOptionId: optionId() });

  ensureStylesheet();
  const text = TEXTS[languageOf(buttonLocale)].button;
  const node = h('button', {
    type: 'button',
    id: cfg.id,
    class: `klarna-sandbox-button klarna-sandbox-button--theme-${theme} klarna-sandbox-button--shape-${shape}`,
    'data-testid': 'klarna-payment-button',
  }, h('img', { class: 'klarna-sandbox-button__logo', src: ASSETS.badge, alt: '', 'aria-hidden': 'true' }),
  h('span', { class: 'klarna-sandbox-button__text', text }));
  node.disabled = cfg.disabled === true;

  let loadingByMerchant = cfg.loading === true;
  let initiating = false;
  const render = () => {
    const loading = loadingByMerchant || initiating;
    node.classList.toggle('klarna-sandbox-button--loading', loading);
    if (loading) node.setAttribute('aria-busy', 'true');
    else node.removeAttribute('aria-busy');
  };
  render();

  node.addEventListener('click', () => {
    if (initiating || loadingByMerchant || node.disabled) return;
    initiating = true;
    render();
    runInitiation(sdk, cfg.initiate, optionId(), buttonLocale)
      .catch(async (error) => {
        // A failure of the emulator itself (e.g. location.assign threw): report it, never leave the button stuck.
        await sdk.emit('error', { code: 'TECHNICAL_ERROR', message: messageOf(error) });
        return false;
      })
      .then((leaving) => {
        if (leaving) return; // the page is navigating to returnUrl: stay busy so no second payment starts
        initiating = false;
        render();
      });
  });

  return uiElement(sdk, 'paymentButton', node, {
    /** Turns `loading` or `disabled` on or off (`on` omitted: toggles). */
    toggleState(state, on) {
      if (state !== 'loading' && state !== 'disabled') throw invalid('toggleState', 'state', 'must be "loading" or "disabled"', state);
      optionalBoolean('toggleState', 'on', on);
      sdk.record('toggleState', [state, on]);
      if (state === 'disabled') node.disabled = on ?? !node.disabled;
      else loadingByMerchant = on ?? !loadingByMerchant;
      render();
    },
  });
}

/**
 * Calls the merchant's `initiate` and follows its answer. Resolves `true` when the page is being
 * redirected to a returnUrl, else `false` once the outcome events have been handled.
 * @param {Instance} sdk
 */
async function runInitiation(sdk, initiate, paymentOptionId, locale) {
  const params = { klarnaNetworkSessionToken: sdk.token, paymentOptionId };
  if (sdk.acquiringConfig) params.acquiringConfig = sdk.acquiringConfig;
  sdk.record('initiate', [params], { token: params.klarnaNetworkSessionToken });
  await pause();
  let answer;
  try {
    answer = await initiate(params);
  } catch (reason) {
    sdk.record('initiate.result', [{ rejected: reason }]);
    await sdk.emit('error', { code: 'INITIATE_REJECTED', message: messageOf(reason) });
    return false;
  }
  sdk.record('initiate.result', [{ resolved: answer }]);

  const next = classifyAnswer(answer);
  if (next.kind === 'journey') {
    await runJourney(sdk, next.paymentRequestId, locale);
    return false;
  }
  if (next.kind === 'returnUrl') return completeWithReturnUrl(sdk, next.returnUrl);
  if (next.kind === 'express') {
    try {
      await runExpressJourney(kit, sdk, next.data, locale);
    } catch (error) {
      await sdk.emit('error', { errorCode: 'INVALID_CALLBACK_RESPONSE', errorType: 'INPUT_ERROR', errorMessage: messageOf(error) });
    }
    return false;
  }
  await sdk.emit('error', { code: 'INVALID_CALLBACK_RESPONSE', message: next.message });
  return false;
}

function messageOf(reason) {
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason.message === 'string') return reason.message;
  return String(reason);
}

/** What `initiate` resolved to: a step-up (journey), an approval (returnUrl) or something invalid. */
function classifyAnswer(answer) {
  const expected = 'initiate must resolve to {paymentRequestId}, {paymentRequestUrl} or {returnUrl}';
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    return { kind: 'invalid', message: `${expected}; got ${describe(answer)}` };
  }
  const nonEmpty = (v) => typeof v === 'string' && v.trim() !== '';
  if (nonEmpty(answer.paymentRequestId)) return { kind: 'journey', paymentRequestId: answer.paymentRequestId };
  if (nonEmpty(answer.paymentRequestUrl)) {
    let id;
    try {
      const segment = new URL(answer.paymentRequestUrl, API_BASE).pathname.split('/').filter(Boolean).pop();
      id = segment && decodeURIComponent(segment);
    } catch {
      id = undefined;
    }
    if (id) return { kind: 'journey', paymentRequestId: id };
    return { kind: 'invalid', message: `paymentRequestUrl has no payment request id: ${describe(answer.paymentRequestUrl)}` };
  }
  if (nonEmpty(answer.returnUrl)) return { kind: 'returnUrl', returnUrl: answer.returnUrl };
  if (isPaymentRequestData(answer)) return { kind: 'express', data: answer }; // express-journey.js
  return { kind: 'invalid', message: `${expected}; got ${describe(answer)}` };
}

const tokenContext = (token) => ({ klarnaNetworkSessionToken: token, paymentToken: token, interoperabilityToken: token });

/** Approved without step-up: `complete`, then the redirect unless a handler answered `false`. */
async function completeWithReturnUrl(sdk, returnUrl) {
  const paymentRequest = {
    paymentRequestId: `krn:payment:${regionOf(countryOf(sdk.lastLocale ?? sdk.locale))}:payment-request:${randomUuid()}`,
    state: 'COMPLETED',
    stateContext: tokenContext(sdk.token),
  };
  const results = await sdk.emit('complete', paymentRequest);
  if (results.includes(false)) {
    sdk.record('redirect.suppressed', [returnUrl]);
    return false;
  }
  const url = fillReturnUrl(returnUrl, paymentRequest);
  sdk.record('redirect', [url]);
  globalThis.location.assign(url);
  return true;
}

/** Substitutes Klarna's `{klarna.…}` placeholders (URL-encoded) in a returnUrl. */
function fillReturnUrl(url, pr) {
  const values = {
    'klarna.payment_request.id': pr.paymentRequestId,
    'klarna.payment_request.state': pr.state,
    'klarna.payment_request.state_reason': pr.stateReason ?? '',
    'klarna.payment_request.payment_request_reference': pr.paymentRequestReference ?? '',
    'klarna.payment_token': pr.stateContext?.klarnaNetworkSessionToken ?? '',
  };
  return url.replace(/\{(klarna\.[a-z_.]+)\}/g, (m, key) => (key in values ? encodeURIComponent(values[key]) : m));
}

// ───────────────────────────── purchase journey ─────────────────────────────

/** One call to the browser-facing sandbox API; records it and its answer; throws on HTTP or JSON failure. */
async function sandboxRequest(sdk, method, paymentRequestId, action) {
  const url = new URL(`payment-requests/${encodeURIComponent(paymentRequestId)}${action ? `/${action}` : ''}`, API_BASE).href;
  const entry = sdk.record(`journey.${action ?? 'get'}`, [method, url]);
  await pause();
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
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

/**
 * The purchase journey for a payment request: a modal dialog in the page. The sandbox API says how the
 * emulated shopper behaves (`journey: "complete"` waits for Confirm/Cancel, `"abort"` closes by itself).
 * @param {Instance} sdk
 */
async function runJourney(sdk, paymentRequestId, locale) {
  const t = TEXTS[languageOf(locale)];
  const dialog = openJourneyDialog(t);
  const choice = deferred(); // 'confirm' | 'cancel'
  dialog.onEscape(() => choice.resolve('cancel'));
  const technicalError = async (error, state) => {
    dialog.close();
    const pr = { paymentRequestId, ...(state && { state }) };
    await sdk.emit('error', { code: 'TECHNICAL_ERROR', message: messageOf(error) }, pr);
  };

  const loaded = sandboxRequest(sdk, 'GET', paymentRequestId).then((r) => ({ body: r.body }), (error) => ({ error }));
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
      stateContext: tokenContext(token),
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
  const previousFocus = document.activeElement;
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

// ───────────────────────────── on-site messaging ─────────────────────────────

/**
 * `Messaging.placement(options)`: a localized on-site message; amount-based when an amount in Klarna's range
 * is given, generic otherwise.
 * @param {Instance} sdk
 */
function createPlacement(sdk, options) {
  const where = 'Messaging.placement';
  requireObject(where, 'options', options);
  if (!PLACEMENT_KEYS.includes(options.key)) throw invalid(where, 'key', `must be one of ${PLACEMENT_KEYS.join(', ')}`, options.key);
  const theme = optionalOneOf(where, 'theme', options.theme, THEMES) ?? 'default';
  const amount = options.amount === undefined ? undefined : minorUnits(where, 'amount', options.amount);
  if (options.currency !== undefined) currencyCode(where, 'currency', options.currency);
  optionalLocale(where, 'locale', options.locale);
  optionalString(where, 'messagePrefix', options.messagePrefix);
  optionalString(where, 'instance', options.instance);
  const locale = options.locale ?? sdk.locale;
  const currency = options.currency ?? MARKET_CURRENCY[countryOf(locale)];
  if (amount !== undefined && !currency) {
    throw invalid(where, 'currency', 'is needed with an amount when the locale is not of a Klarna market', options.currency);
  }
  const t = TEXTS[languageOf(locale)];
  const inRange = amount !== undefined && amount >= MIN_AMOUNT && amount <= MAX_AMOUNT;
  const message = inRange
    ? fill(t.placementAmount, { installment: formatMoney(Math.ceil(amount / 3), currency, locale) })
    : t.placementGeneric;
  const text = options.messagePrefix ? `${options.messagePrefix} ${message}` : message;
  sdk.record('placement', [options], { result: { text } });

  let node;
  const handle = {
    key: options.key,
    /** The message text (a sandbox extra, handy in tests). */
    text,
    mount(target) {
      sdk.record('mount', ['placement', typeof target === 'string' ? target : snapshot(target)]);
      const container = resolveTarget('placement.mount', target);
      ensureStylesheet();
      node ??= h('div', {
        class: `klarna-sandbox-placement klarna-sandbox-placement--${options.key} klarna-sandbox-theme--${theme}`,
        'data-testid': 'klarna-placement', 'data-placement-key': options.key,
      }, h('img', { class: 'klarna-sandbox-placement__logo', src: ASSETS.badge, alt: 'Klarna' }),
      h('span', { class: 'klarna-sandbox-placement__text', text }));
      container.appendChild(node);
      return handle;
    },
    unmount() {
      sdk.record('unmount', ['placement']);
      node?.remove();
      return handle;
    },
  };
  return Object.freeze(handle);
}

// ───────────────────────────── the SDK instance ─────────────────────────────

let instanceCount = 0;

/**
 * Normalized presentation input.
 * @typedef {object} Input
 * @property {number} amount minor units
 * @property {string} currency ISO 4217
 * @property {string} locale Klarna locale, e.g. "de-DE"
 * @property {string} lang key of TEXTS
 * @property {string} country the locale's country
 * @property {string[]=} intents
 * @property {string=} callToken the token given to this call, if any
 * @property {string} token the token that decides: callToken, else the SDK session's ('' when none)
 */

// ───────────────────────────── helpers for the feature modules ─────────────────────────────

/** A POST to the browser-facing sandbox API; throws an Error carrying the answer's error code. */
async function sandboxPost(sdk, path, body) {
  const url = new URL(path, API_BASE).href;
  const entry = sdk.record(`sandbox.post.${path}`, [body]);
  await pause();
  const response = await globalThis.fetch(url, {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => undefined);
  entry.result = snapshot({ status: response.status, body: answer });
  if (!response.ok) {
    throw Object.assign(new Error(answer?.error?.message ?? `POST ${url} answered HTTP ${response.status}`), { code: answer?.error?.code });
  }
  return answer;
}

/** What express-journey.js and identity.js use of this module (passed in, so they import nothing of it). */
const kit = Object.freeze({
  h, ensureStylesheet, invalid, requireObject, optionalString, optionalOneOf, currencyCode, minorUnits, formatMoney,
  deferred, randomUuid, tokenContext, resolveTarget, sandboxPost, THEMES, BUTTON_SHAPES, ASSETS,
  mark: SANDBOX_MARK,
  texts: (locale) => TEXTS[languageOf(locale)],
});

/** Per-`KlarnaSDK()` state: config, token, handlers, last presentation. */
class Instance {
  constructor(config) {
    this.id = ++instanceCount;
    this.clientId = config.clientId;
    this.locale = config.locale;
    this.partnerAccountId = config.partnerAccountId ?? config.accountId;
    this.acquiringConfig = config.acquiringConfig;
    this.token = config.klarnaNetworkSessionToken ?? tokenFromSdkToken(config.sdkToken) ?? '';
    this.shoppingSessionId = `krn:shopping:${regionOf(countryOf(config.locale))}:session:${randomUuid()}`;
    this.handlers = Object.fromEntries(PAYMENT_EVENTS.map((e) => [e, []]));
    this.tokenHandlers = { Interoperability: [], 'Network.Session': [] };
    this.lastInput = undefined;
    this.lastLocale = undefined;
    this.preferredOptionId = optionIdFor('klarna', countryOf(config.locale));
    this.selectedOptionId = undefined;
  }

  record(method, args, extra) {
    return RECORD.push(this.id, method, args, extra);
  }

  /** Calls every handler of a Payment event; resolves with their (awaited) return values. */
  async emit(event, ...args) {
    const token = args[0]?.stateContext?.klarnaNetworkSessionToken;
    this.record(`event.${event}`, args, token === undefined ? {} : { token });
    const handlers = [...this.handlers[event]];
    if (event === 'error' && handlers.length === 0) console.error('Klarna sandbox: unhandled error event', ...args);
    const results = await Promise.all(handlers.map(async (handler) => {
      try {
        return await handler(...args);
      } catch (error) {
        console.error(`Klarna sandbox: a "${event}" handler threw`, error);
        return undefined;
      }
    }));
    return results;
  }

  /** Normalizes and validates `presentation()` input. */
  presentationInput(data, where) {
    requireObject(where, 'data', data);
    const amount = minorUnits(where, 'amount', data.amount);
    const currency = currencyCode(where, 'currency', data.currency);
    optionalLocale(where, 'locale', data.locale);
    const locale = data.locale ?? this.locale;
    if (!locale) throw invalid(where, 'locale', 'is required (here or in KlarnaSDK({locale}))', data.locale);
    const intents = optionalIntents(where, data.intents);
    const callToken = optionalString(where, 'klarnaNetworkSessionToken', data.klarnaNetworkSessionToken);
    // A token given to this call steers this call only; `token()` and `initiate` keep the SDK session's token.
    const token = callToken ?? this.token;
    return { amount, currency, locale, lang: languageOf(locale), country: countryOf(locale), intents, callToken, token };
  }

  present(input) {
    const decision = decideInstruction(input);
    this.lastInput = input;
    this.lastLocale = input.locale;
    return { decision, presentation: buildPresentation(this, input, decision) };
  }

  applyTokenUpdate(token) {
    this.token = token;
    const handlers = [...this.tokenHandlers.Interoperability, ...this.tokenHandlers['Network.Session']];
    for (const handler of handlers) {
      try {
        handler(token);
      } catch (error) {
        console.error('Klarna sandbox: a "tokenupdate" handler threw', error);
      }
    }
    return handlers.length;
  }

  applyPresentationUpdate(patch) {
    if (!this.lastInput) return 0;
    const { amount, currency, locale, intents, callToken } = { ...this.lastInput, ...patch };
    const input = this.presentationInput({ amount, currency, locale, intents, klarnaNetworkSessionToken: callToken },
      '__klarnaSandbox.emitPresentationUpdate');
    const { decision, presentation } = this.present(input);
    this.record('presentation.update', [patch], { token: input.token, result: decision });
    const handlers = [...this.handlers.presentationupdate];
    for (const handler of handlers) {
      try {
        handler(presentation);
      } catch (error) {
        console.error('Klarna sandbox: a "presentationupdate" handler threw', error);
      }
    }
    return handlers.length;
  }

  setSdkToken(sdkToken) {
    if (typeof sdkToken !== 'string' || sdkToken === '') {
      throw invalid('Config.setSdkToken', 'sdkToken', 'must be a non-empty string', sdkToken);
    }
    const token = tokenFromSdkToken(sdkToken);
    if (token) this.token = token;
    this.record('setSdkToken', [sdkToken], { token: this.token });
  }

  setPartnerAccountId(id, method = 'setPartnerAccountId') {
    if (typeof id !== 'string' || id === '') throw invalid(`Config.${method}`, 'partnerAccountId', 'must be a non-empty string', id);
    this.partnerAccountId = id;
    this.record(method, [id]);
  }

  tokenNamespace(name) {
    return {
      token: () => {
        this.record(`${name}.token`, [], { token: this.token });
        return this.token;
      },
      on: (event, callback) => {
        if (event !== 'tokenupdate') throw invalid(`${name}.on`, 'event', 'must be "tokenupdate"', event);
        if (typeof callback !== 'function') throw invalid(`${name}.on`, 'callback', 'must be a function', callback);
        this.record(`${name}.on`, [event, callback]);
        this.tokenHandlers[name].push(callback);
      },
      off: (event, callback) => {
        this.record(`${name}.off`, [event, callback]);
        const list = this.tokenHandlers[name];
        const at = list.indexOf(callback);
        if (at >= 0) list.splice(at, 1);
      },
    };
  }

  /** v1 `Interoperability.resolve(context, options)` (only with `?surface=v1`). */
  async resolve(context = {}, options) {
    const where = 'Interoperability.resolve';
    this.record('resolve', [context, options], { token: context?.interoperabilityToken ?? this.token });
    await pause();
    requireObject(where, 'context', context);
    requireObject(where, 'options', options);
    optionalString(where, 'interoperabilityToken', context.interoperabilityToken);
    const currency = currencyCode(where, 'currency', options.currency);
    if (options.country !== undefined && (typeof options.country !== 'string' || !/^[A-Z]{2}$/.test(options.country))) {
      throw invalid(where, 'country', 'must be an ISO 3166 alpha-2 code like "DE"', options.country);
    }
    const amount = options.paymentAmount === undefined ? undefined : minorUnits(where, 'paymentAmount', options.paymentAmount);
    const token = context.interoperabilityToken ?? this.token; // steers this call only
    const country = options.country ?? countryOf(this.locale);
    const status = decideResolveStatus({ token, amount, currency, country });
    const result = { status, shoppingSessionId: this.shoppingSessionId };
    if (status === 'PAYMENT_PENDING_CONFIRMATION') {
      result.paymentConfirmationToken = `sandbox_pct_${randomUuid()}`;
    }
    this.record('resolve.result', [result], { token });
    return result;
  }

  /** The public object `KlarnaSDK()` resolves with. */
  api() {
    const payment = {
      presentation: async (data) => {
        this.record('presentation', [data], { token: data?.klarnaNetworkSessionToken ?? this.token });
        await pause();
        if (OPTIONS.fail.has('presentation')) throw fault('presentation');
        const input = this.presentationInput(data, 'Payment.presentation');
        const { decision, presentation } = this.present(input);
        this.record('presentation.result', [decision], { token: input.token, result: decision });
        return presentation;
      },
      button: (cfg) => createPaymentButton(this, cfg, { paymentOptionId: undefined, locale: undefined, where: 'Payment.button' }),
      on: (event, callback) => {
        if (!PAYMENT_EVENTS.includes(event)) throw invalid('Payment.on', 'event', `must be one of ${PAYMENT_EVENTS.join(', ')}`, event);
        if (typeof callback !== 'function') throw invalid('Payment.on', 'callback', 'must be a function', callback);
        this.record('on', [event, callback]);
        this.handlers[event].push(callback);
      },
      off: (event, callback) => {
        if (!PAYMENT_EVENTS.includes(event)) throw invalid('Payment.off', 'event', `must be one of ${PAYMENT_EVENTS.join(', ')}`, event);
        this.record('off', [event, callback]);
        const list = this.handlers[event];
        const at = list.indexOf(callback);
        if (at >= 0) list.splice(at, 1);
      },
    };
    const interoperability = this.tokenNamespace('Interoperability');
    if (OPTIONS.surface === 'v1') interoperability.resolve = (context, options) => this.resolve(context, options);
    const config = {
      setSdkToken: (t) => this.setSdkToken(t),
      setPartnerAccountId: (id) => this.setPartnerAccountId(id),
    };
    if (OPTIONS.surface === 'v1') config.setAccountId = (id) => this.setPartnerAccountId(id, 'setAccountId');
    return Object.freeze({
      Config: Object.freeze(config),
      Payment: Object.freeze(payment),
      Messaging: Object.freeze({ placement: (options) => createPlacement(this, options) }),
      Identity: identityNamespace(kit, this),
      Interoperability: Object.freeze(interoperability),
      Network: Object.freeze({ Session: Object.freeze(this.tokenNamespace('Network.Session')) }),
    });
  }
}

function validateConfig(config) {
  const where = 'KlarnaSDK';
  requireObject(where, 'config', config);
  if (typeof config.clientId !== 'string' || config.clientId.trim() === '') {
    throw invalid(where, 'clientId', 'is required (your Klarna client identifier)', config.clientId);
  }
  optionalString(where, 'partnerAccountId', config.partnerAccountId);
  if (OPTIONS.surface === 'v1') optionalString(where, 'accountId', config.accountId);
  optionalLocale(where, 'locale', config.locale);
  optionalString(where, 'sdkToken', config.sdkToken);
  optionalString(where, 'klarnaNetworkSessionToken', config.klarnaNetworkSessionToken);
  if (config.products !== undefined && (!Array.isArray(config.products) || config.products.some((p) => !PRODUCTS.includes(p)))) {
    throw invalid(where, 'products', `must be an array of ${PRODUCTS.join(', ')}`, config.products);
  }
  if (config.acquiringConfig !== undefined) requireObject(where, 'acquiringConfig', config.acquiringConfig);
  if (config.sdkToken !== undefined && config.sdkToken.startsWith('sandbox_sdk_token.') && !tokenFromSdkToken(config.sdkToken)) {
    throw invalid(where, 'sdkToken', 'must be "sandbox_sdk_token." + base64url(network session token)', config.sdkToken);
  }
}

// ───────────────────────────── export ─────────────────────────────

/**
 * @typedef {object} SDKConfig
 * @property {string} clientId required
 * @property {string=} partnerAccountId
 * @property {('PAYMENT'|'CUSTOMER'|'IDENTITY'|'MESSAGING')[]=} products
 * @property {string=} locale Klarna locale, e.g. "de-DE"
 * @property {string=} sdkToken sandbox form: "sandbox_sdk_token." + base64url(network session token)
 * @property {string=} klarnaNetworkSessionToken
 * @property {object=} acquiringConfig
 */

/**
 * Creates the sandbox Klarna SDK: `{Config, Payment, Messaging, Interoperability, Network: {Session}}`.
 * Rejects with a `TypeError` naming the field when the config is invalid (e.g. no `clientId`), and with a
 * `KlarnaSandboxFault` when the module was loaded with `?fail=init`.
 * @param {SDKConfig} config
 * @returns {Promise<object>}
 */
export async function KlarnaSDK(config) {
  const entry = RECORD.push(null, 'KlarnaSDK', [config], {
    token: config?.klarnaNetworkSessionToken ?? tokenFromSdkToken(config?.sdkToken) ?? '',
    options: { surface: OPTIONS.surface, shape: OPTIONS.shape, fail: [...OPTIONS.fail], delay: OPTIONS.delay },
  });
  await pause();
  if (OPTIONS.fail.has('init')) throw fault('init');
  validateConfig(config);
  const instance = new Instance(config);
  entry.sdk = instance.id;
  RECORD[REGISTRY].add(instance);
  return instance.api();
}
