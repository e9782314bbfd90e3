/**
 * Klarna's Web SDK for the store's own payment button (the express button on the product page). It reads
 * the SDK's URL and the acquirer's client id from the public messaging config, the same one `osm.js`
 * uses, and imports the SDK from there (never bundled); one instance per page.
 */

export const MESSAGING_CONFIG_URL = '/v1/messaging/config';

let instance;

/**
 * `KlarnaSDK({clientId, partnerAccountId?, products: ['PAYMENT'], locale})`, created once.
 * @param {string} locale Klarna locale, e.g. "en-GB"
 * @returns {Promise<object>} the SDK instance
 */
export function loadKlarna(locale) {
  instance ??= (async () => {
    const response = await fetch(MESSAGING_CONFIG_URL, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${MESSAGING_CONFIG_URL} answered HTTP ${response.status}`);
    const config = await response.json();
    const { KlarnaSDK } = await import(config.sdk_url);
    return KlarnaSDK({
      clientId: config.client_id,
      ...(config.partner_account_id && { partnerAccountId: config.partner_account_id }),
      products: ['PAYMENT'],
      locale,
    });
  })();
  instance.catch(() => { instance = undefined; }); // a later call tries again
  return instance;
}
