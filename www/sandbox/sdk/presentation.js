/**
 * `Payment.presentation()` answers in the shape of each revision (`?surface=`):
 * - r6: the parts at the top level, each with `text` and `component()`
 *   (`WSDK/v2-r6/interfaces/payment.PaymentPresentation.html`);
 * - r8: `{instruction, paymentOption, savedPaymentOption?, paymentStatus}`, parts with `component()` only
 *   (unconfirmed: Klarna's demo and Adyen's `KlarnaNetwork`; see the `.d.ts`);
 * - v2: `{instruction, paymentOptions: [{paymentOptionId, content: {header, subheader, logo}, select(),
 *   selected}]}`, plain strings and no payment button (`WSDK/v2/interfaces/common.PaymentPresentation.html`).
 * The texts are the sandbox's, localized; nothing touches the DOM until a `component()` is called.
 */
import { ASSETS, INFO_URL, ensureStylesheet, h, uiElement } from './dom.js';
import { fill, formatMoney, hasSavedOption, optionIdFor, paymentStatus } from './decide.js';
import { TEXTS } from './texts.js';
import { createPaymentButton } from './button.js';
import { optionalOneOf, requireObject } from './validate.js';

/** @typedef {import('../klarna-websdk').R6.PaymentPresentation} R6Presentation */
/** @typedef {import('../klarna-websdk').R8.PaymentPresentation} R8Presentation */
/** @typedef {import('../klarna-websdk').R8.PresentedOption} R8Option */
/** @typedef {import('../klarna-websdk').V2.PaymentPresentation} V2Presentation */
/** @typedef {import('../klarna-websdk').V2.PaymentOption} V2Option */
/** @typedef {import('../klarna-websdk').IconShape} IconShape */

/**
 * Normalized presentation input.
 * @typedef {object} Input
 * @property {number} amount minor units
 * @property {string} currency ISO 4217
 * @property {string} locale Klarna locale, e.g. "de-DE"
 * @property {keyof typeof TEXTS} lang
 * @property {string|undefined} country the locale's country
 * @property {string} token the token that decides (the SDK session's; '' when none)
 */

const ICON_SHAPES = /** @type {const} */ (['default', 'badge', 'rectangle', 'square']);

/** The sandbox texts of one option. */
function textsOf(input, kind) {
  const t = TEXTS[input.lang];
  const money = (minor) => formatMoney(minor, input.currency, input.locale);
  return {
    header: t.header,
    subheader: kind === 'saved' ? t.savedSubheader : t.subheader,
    message: fill(t.message, { amount: money(input.amount), installment: money(Math.ceil(input.amount / 3)) }),
    badge: t.badge,
  };
}

/** A text part's `component()`: a span the page mounts where it likes. */
function textComponent(sdk, part, text, paymentOptionId) {
  return () => {
    sdk.record('component', [{ part, paymentOptionId }]);
    ensureStylesheet();
    const node = h('span', { class: `klarna-sandbox-${part}`, text, 'data-testid': `klarna-sdk-${part}` });
    if (paymentOptionId) node.setAttribute('data-payment-option-id', paymentOptionId);
    return uiElement(sdk, part, node);
  };
}

/** The icon's `component({shape})`. */
function iconComponent(sdk, paymentOptionId) {
  return (options = { shape: 'default' }) => {
    const where = 'icon.component';
    requireObject(where, 'options', options);
    const shape = optionalOneOf(where, 'shape', options.shape, ICON_SHAPES) ?? 'default';
    sdk.record('component', [{ part: 'icon', paymentOptionId, shape }]);
    ensureStylesheet();
    const src = shape === 'rectangle' ? ASSETS.rectangle : shape === 'square' ? ASSETS.square : ASSETS.badge;
    const node = h('img', {
      class: `klarna-sandbox-icon klarna-sandbox-icon--${shape}`, src, alt: 'Klarna', 'data-testid': 'klarna-sdk-icon',
    });
    if (paymentOptionId) node.setAttribute('data-payment-option-id', paymentOptionId);
    return uiElement(sdk, 'icon', node);
  };
}

/** The option's own payment button. */
function buttonComponent(sdk, input, paymentOptionId) {
  return (cfg) => createPaymentButton(sdk, cfg, { paymentOptionId, locale: input.locale, where: 'paymentButton.component' });
}

/**
 * r6: `WSDK/v2-r6/interfaces/payment.PaymentPresentation.html`; no option id, no saved option.
 * @returns {R6Presentation}
 */
function r6Presentation(sdk, input, instruction) {
  const t = TEXTS[input.lang];
  const text = textsOf(input, 'klarna');
  const link = { href: INFO_URL, linkText: t.learnMore };
  sdk.preferredOptionId = undefined;
  return {
    instruction,
    header: { text: text.header, component: textComponent(sdk, 'header', text.header, undefined) },
    subheader: {
      short: { text: text.subheader, component: textComponent(sdk, 'subheader', text.subheader, undefined) },
      enriched: {
        text: text.message,
        link,
        component: () => {
          sdk.record('component', [{ part: 'subheader.enriched' }]);
          ensureStylesheet();
          const node = h('span', { class: 'klarna-sandbox-message', 'data-testid': 'klarna-sdk-message', text: `${text.message} ` },
            h('a', { href: link.href, text: link.linkText, target: '_blank', rel: 'noopener' }));
          return uiElement(sdk, 'subheader.enriched', node);
        },
      },
    },
    icon: {
      alt: 'Klarna',
      badgeImageUrl: ASSETS.badge,
      rectangleImageUrl: ASSETS.rectangle,
      squareImageUrl: ASSETS.square,
      component: iconComponent(sdk, undefined),
    },
    paymentButton: { text: t.button, component: buttonComponent(sdk, input, undefined) },
  };
}

/** @returns {R8Option} */
function r8Option(sdk, input, kind) {
  const paymentOptionId = optionIdFor(kind, input.country);
  const text = textsOf(input, kind);
  /** @type {R8Option} */
  const option = {
    paymentOptionId,
    header: { component: textComponent(sdk, 'header', text.header, paymentOptionId) },
    subheader: { component: textComponent(sdk, 'subheader', text.subheader, paymentOptionId) },
    icon: { component: iconComponent(sdk, paymentOptionId) },
    message: { component: textComponent(sdk, 'message', text.message, paymentOptionId) },
    paymentButton: { component: buttonComponent(sdk, input, paymentOptionId) },
  };
  if (kind === 'saved') option.badge = { component: textComponent(sdk, 'badge', text.badge, paymentOptionId) };
  return option;
}

/** @returns {R8Presentation} */
function r8Presentation(sdk, input, instruction) {
  const standard = r8Option(sdk, input, 'klarna');
  /** @type {R8Presentation} */
  const presentation = { instruction, paymentOption: standard, paymentStatus: paymentStatus(input.token) };
  if (hasSavedOption(input.token, instruction)) presentation.savedPaymentOption = r8Option(sdk, input, 'saved');
  sdk.preferredOptionId = (presentation.savedPaymentOption ?? standard).paymentOptionId;
  return presentation;
}

/** @returns {V2Option} */
function v2Option(sdk, input, kind) {
  const paymentOptionId = optionIdFor(kind, input.country);
  const text = textsOf(input, kind);
  return {
    paymentOptionId,
    content: { header: text.header, subheader: text.subheader, logo: { alt: 'Klarna', url: ASSETS.badge } },
    get selected() {
      return sdk.selectedOptionId === paymentOptionId;
    },
    async select() {
      sdk.record('select', [paymentOptionId]);
      await sdk.pause();
      sdk.selectedOptionId = paymentOptionId;
    },
  };
}

/** @returns {V2Presentation} */
function v2Presentation(sdk, input, instruction) {
  const kinds = hasSavedOption(input.token, instruction) ? ['saved', 'klarna'] : ['klarna'];
  const paymentOptions = kinds.map((kind) => v2Option(sdk, input, kind));
  const preselect = instruction === 'PRESELECT_KLARNA' || instruction === 'SHOW_ONLY_KLARNA';
  sdk.preferredOptionId = paymentOptions[0].paymentOptionId;
  sdk.selectedOptionId = preselect ? paymentOptions[0].paymentOptionId : undefined;
  return { instruction, paymentOptions, paymentStatus: paymentStatus(input.token) };
}

/**
 * The presentation in the instance's revision. Klarna is always described, also under `HIDE_KLARNA`
 * (obeying the instruction is the page's job).
 * @param {Input} input
 * @param {import('../klarna-websdk').Instruction} instruction
 * @returns {R6Presentation | R8Presentation | V2Presentation}
 */
export function buildPresentation(sdk, input, instruction) {
  sdk.selectedOptionId = undefined;
  switch (sdk.options.surface) {
    case 'r6':
      return r6Presentation(sdk, input, instruction);
    case 'r8':
      return r8Presentation(sdk, input, instruction);
    default:
      return v2Presentation(sdk, input, instruction);
  }
}
