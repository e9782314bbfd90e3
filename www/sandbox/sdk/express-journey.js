/**
 * The emulator's express checkout (docs/sandbox.md, "Express checkout"): when a payment button's
 * `initiate` resolves to `PaymentRequestData` (`{currency, amount, paymentRequestReference,
 * collectCustomerProfile, collectShippingData}`) instead of a step-up answer, the SDK itself runs
 * Klarna's purchase journey on the page: a modal dialog that collects the shopper's e-mail (which
 * decides the sandbox persona) and name, a shipping address and option, emits `shippingaddresschange`
 * / `shippingoptionselect` to the merchant's handlers and shows the total they answer. Confirming
 * creates the completed payment request at the sandbox API (`POST /sandbox/klarna/payment-requests`)
 * and emits `complete` with its token, the customer profile and the shipping; closing emits `abort`.
 *
 * Helpers of the emulator arrive as `kit` (`kit.js`) so this module has no import cycle.
 */
import { journeyForm } from './express-form.js';
import { RECORD } from './record.js';

const PROFILE_SCOPES = ['profile:name', 'profile:email', 'profile:phone', 'profile:locale', 'profile:billing_address',
  'profile:country', 'profile:national_identification', 'profile:date_of_birth'];
const SHIPPING_SCOPES = ['SHIPPING_ADDRESS', 'SHIPPING_OPTION'];
const DATA_KEYS = ['currency', 'amount', 'paymentOptionId', 'paymentRequestReference', 'collectCustomerProfile',
  'collectShippingData', 'customerInteractionConfig', 'supplementaryPurchaseData', 'intent', 'requestCustomerToken'];
/** A sample address per market for the form (the persona's country). */
const SAMPLE = {
  GB: { streetAddress: '1 High Street', postalCode: 'SW1A 1AA', city: 'London' },
  DE: { streetAddress: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' },
  SE: { streetAddress: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm' },
  US: { streetAddress: '1 Main Street', postalCode: '10001', city: 'New York', region: 'NY' },
};

/** Whether `initiate` answered Klarna's `PaymentRequestData` (an express payment request). */
export function isPaymentRequestData(answer) {
  return !!answer && typeof answer === 'object' && typeof answer.currency === 'string';
}

/** Validates `PaymentRequestData` like a strict SDK; returns the normalized request. */
export function readPaymentRequestData(kit, data) {
  const where = 'initiate (PaymentRequestData)';
  for (const k of Object.keys(data)) {
    if (!DATA_KEYS.includes(k)) throw kit.invalid(where, k, `is not a PaymentRequestData field (${DATA_KEYS.join(', ')})`, data[k]);
  }
  const currency = kit.currencyCode(where, 'currency', data.currency);
  const amount = kit.minorUnits(where, 'amount', data.amount);
  const reference = kit.optionalString(where, 'paymentRequestReference', data.paymentRequestReference);
  const profile = data.collectCustomerProfile ?? [];
  if (!Array.isArray(profile) || profile.some((s) => !PROFILE_SCOPES.includes(s))) {
    throw kit.invalid(where, 'collectCustomerProfile', `must be an array of ${PROFILE_SCOPES.join(', ')}`, profile);
  }
  const shipping = data.collectShippingData;
  if (shipping !== undefined && (typeof shipping !== 'object' || !Array.isArray(shipping.scopes)
    || shipping.scopes.some((s) => !SHIPPING_SCOPES.includes(s)))) {
    throw kit.invalid(where, 'collectShippingData', `must be {scopes: (${SHIPPING_SCOPES.join(' | ')})[]}`, shipping);
  }
  return { currency, amount, reference, profile, scopes: shipping?.scopes ?? [], countries: shipping?.supportedCountries };
}

/** `{streetAddress, …}` → `{street_address, …}` for the sandbox API (Klarna's server side is snake_case). */
const snake = (o) => o && Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v]));

/**
 * Runs the express journey for `data` (already validated); resolves when `complete`, `abort` or `error`
 * has been emitted.
 * @param {object} kit the emulator's helpers
 * @param {object} sdk the SDK instance (`emit`, `record`, `locale`)
 */
export async function runExpressJourney(kit, sdk, data, locale) {
  const request = readPaymentRequestData(kit, data);
  const country = (locale ?? sdk.locale ?? 'en-GB').slice(3);
  const money = (minor) => kit.formatMoney(minor, request.currency, locale ?? sdk.locale);
  const pr = { paymentRequestId: undefined, state: 'IN_PROGRESS', paymentRequestReference: request.reference };
  let amount = request.amount;
  let options = [];
  let selected;
  let blocked = '';
  const ui = journeyForm(kit, request, locale ?? sdk.locale, country, SAMPLE[country] ?? { city: 'Sandbox City', postalCode: '12345', streetAddress: '1 Sandbox Street' });
  const render = () => ui.show({ total: money(amount), options, selected, blocked, money });
  const answerOf = async (event, ...args) => (await sdk.emit(event, pr, ...args)).find((r) => r !== undefined);

  const onAddress = async () => {
    if (!request.scopes.includes('SHIPPING_ADDRESS')) return;
    ui.busy(true);
    const answer = await answerOf('shippingaddresschange', ui.address());
    ui.busy(false);
    if (answer?.rejectionReason) {
      blocked = `The shop can't ship here (${answer.rejectionReason}).`;
      options = [];
    } else {
      blocked = '';
      if (Number.isSafeInteger(answer?.amount)) amount = answer.amount;
      options = request.scopes.includes('SHIPPING_OPTION') ? answer?.shippingOptions ?? [] : [];
      selected = answer?.selectedShippingOptionReference ?? options[0]?.shippingOptionReference;
    }
    render();
  };
  const onOption = async (reference) => {
    ui.busy(true);
    const answer = await answerOf('shippingoptionselect', { shippingOptionReference: reference });
    ui.busy(false);
    if (answer?.rejectionReason) blocked = `This shipping option is not available (${answer.rejectionReason}).`;
    else {
      blocked = '';
      selected = reference;
      if (Number.isSafeInteger(answer?.amount)) amount = answer.amount;
    }
    render();
  };

  const choice = kit.deferred();
  ui.on({ address: onAddress, option: onOption, confirm: () => choice.resolve('confirm'), cancel: () => choice.resolve('cancel') });
  render();
  await onAddress();
  if ((await choice.promise) === 'cancel') {
    ui.close();
    await sdk.emit('abort', { ...pr, state: 'CANCELED', stateReason: 'PURCHASE_FLOW_ABORTED' });
    return;
  }
  ui.busy(true);
  const profile = ui.profile();
  const option = options.find((o) => o.shippingOptionReference === selected);
  const shipping = request.scopes.length === 0 ? undefined : {
    recipient: { givenName: profile.givenName, familyName: profile.familyName },
    address: ui.address(),
    ...(option && { shippingOption: { shippingOptionReference: option.shippingOptionReference, displayName: option.displayName, amount: option.amount } }),
  };
  let body;
  try {
    body = await kit.sandboxPost(sdk, 'payment-requests', {
      payment_request_reference: request.reference, amount, currency: request.currency,
      customer_profile: snake(profile),
      ...(shipping && { shipping: { recipient: snake(shipping.recipient), address: snake(shipping.address),
        ...(option && { shipping_option: { shipping_option_reference: option.shippingOptionReference, display_name: option.displayName, amount: option.amount } }) } }),
    }, RECORD.clientSecretOf(request.reference));
  } catch (error) {
    ui.close();
    await sdk.emit('error', { errorCode: 'TECHNICAL_ERROR', errorType: 'TECHNICAL_ERROR', errorMessage: error.message, errorId: kit.randomUuid() }, pr);
    return;
  }
  ui.close();
  const token = body.klarna_network_session_token;
  await sdk.emit('complete', {
    paymentRequestId: body.payment_request_id,
    paymentRequestReference: request.reference,
    state: 'COMPLETED',
    previousState: 'IN_PROGRESS',
    stateContext: {
      ...kit.tokenContext(token),
      klarnaCustomer: { customerProfile: profile },
      ...(shipping && { shipping }),
    },
  });
}
