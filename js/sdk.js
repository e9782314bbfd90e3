/**
 * Klarna's Web SDK on the merchant's own page, for the express button and
 * Sign in with Klarna: the checkout server's public SDK settings
 * (`GET /v1/messaging/config`: `sdk_url`, `client_id`), one `import()` of
 * the SDK and one `KlarnaSDK()` instance per server and locale, shared by
 * every button of the page (React's StrictMode mounting twice still loads
 * it once). A failed load is forgotten, so the next attempt tries again.
 */

const instances = new Map();

/** Loads the SDK instance for `baseUrl` (the checkout server) and `locale`. */
export function klarnaSdk(baseUrl, locale) {
  const configUrl = new URL('v1/messaging/config', baseUrl).href;
  const key = `${configUrl} ${locale}`;
  let sdk = instances.get(key);
  if (!sdk) {
    sdk = load(configUrl, locale);
    instances.set(key, sdk);
    sdk.catch(() => instances.get(key) === sdk && instances.delete(key));
  }
  return sdk;
}

async function load(configUrl, locale) {
  const failed = (code, message) => Object.assign(new Error(message), { code });
  let config;
  try {
    const response = await fetch(configUrl, { credentials: 'omit', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
    config = await response.json();
  } catch (error) {
    throw failed('config_unavailable', `Klarna's settings could not be loaded from ${configUrl}: ${error.message}`);
  }
  if (typeof config?.sdk_url !== 'string' || typeof config.client_id !== 'string') {
    throw failed('config_invalid', `${configUrl} names no sdk_url and client_id`);
  }
  try {
    const { KlarnaSDK } = await import(/* webpackIgnore: true */ /* @vite-ignore */ config.sdk_url);
    return await KlarnaSDK({
      clientId: config.client_id,
      ...(config.partner_account_id && { partnerAccountId: config.partner_account_id }),
      products: ['PAYMENT', 'IDENTITY'],
      locale,
    });
  } catch (error) {
    throw failed('sdk_unavailable', `Klarna's Web SDK could not be loaded from ${config.sdk_url}: ${error.message}`);
  }
}

/**
 * Reads one of Klarna's errors (`PaymentError {errorCode, errorId,
 * errorMessage, errorType, validationErrors}`; older SDKs threw plain errors
 * with `code`/`message`) into our event fields.
 */
export function klarnaError(e) {
  const o = e && typeof e === 'object' ? e : {};
  const text = (v) => (typeof v === 'string' && v ? v : undefined);
  return {
    klarna_code: text(o.errorCode) ?? text(o.code),
    klarna_error_id: text(o.errorId),
    klarna_error_type: text(o.errorType),
    message: text(o.errorMessage) ?? text(o.message) ?? String(e),
    ...(Array.isArray(o.validationErrors) && { validation_errors: o.validationErrors }),
  };
}
