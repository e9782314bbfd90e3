// Issue 7: every Klarna language in the page's own words, money the way each locale writes it (Intl.NumberFormat),
// and a locale change after mount (handle.update({locale})) that re-renders in place, without a remount, and asks
// Klarna again in the new language.
import { test, expect } from '@playwright/test';
import { newSession } from './pages/fixtures.js';
import { hostedFrame, mountCheckout } from './pages/a11y.js';

/** Whitespace as a reader sees it: no-break and narrow no-break spaces become plain spaces. */
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

/** Opens the hosted page of a new session for `country`/`locale` directly (no merchant page). */
async function openHosted(page, request, body) {
  const s = await newSession(request, body);
  await page.goto(s.hosted_url);
  await expect(page.getByTestId('methods')).toBeVisible();
  return s;
}

test('the header never shows another language first (no English before German)', async ({ page, request }) => {
  await page.addInitScript(() => {
    window.__titles = [];
    new MutationObserver(() => {
      const h = document.querySelector('h1');
      const text = h?.textContent.replace(/\u00a0/g, ' ').trim();
      if (text && window.__titles.at(-1) !== text) window.__titles.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openHosted(page, request, { country: 'DE', locale: 'de-DE' });
  expect(await page.evaluate(() => window.__titles)).toEqual(['Zahlung']);
  // The document's title (the browser's tab, a screen reader's page name) is the page's own word too.
  expect(await page.title()).toBe('Zahlung');
});

test.describe('money the way each locale writes it', () => {
  for (const [country, locale, amount, written] of [
    ['DE', 'de-DE', 11800, '118,00 €'],
    ['SE', 'sv-SE', 118000, '1 180,00 kr'],
    ['GB', 'en-GB', 11800, '£118.00'],
    ['US', 'en-US', 11800, '$118.00'],
    ['NL', 'nl-NL', 11800, '€ 118,00'],
    ['CH', 'de-CH', 11800, 'CHF 118.00'],
    ['CH', 'fr-CH', 11800, '118.00 CHF'],
    ['FR', 'fr-FR', 123456, '1 234,56 €'],
    // CLDR writes forint without fillér, but HUF is charged in fillér (exponent 2): 123456 is 1234.56 Ft, never 1235 Ft.
    ['HU', 'hu-HU', 123456, '1234,56 Ft'],
  ]) {
    test(`${locale}: ${written}`, async ({ page, request }) => {
      await openHosted(page, request, { country, locale, amount });
      expect(plain(await page.getByTestId('total').textContent())).toBe(written);
      // The same as the browser's own Intl for that locale and the market's currency, with the currency's
      // minor exponent (2 for all of these) as its fraction digits.
      const intl = await page.evaluate(({ locale, currency, major }) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(major),
      { locale, currency: { DE: 'EUR', SE: 'SEK', GB: 'GBP', US: 'USD', NL: 'EUR', CH: 'CHF', FR: 'EUR', HU: 'HUF' }[country], major: amount / 100 });
      expect(await page.getByTestId('total').textContent()).toBe(intl);
    });
  }
});

test('every Klarna language shows the page in its own words (no-NO reads Bokmål)', async ({ page, request }) => {
  test.setTimeout(120_000);
  // One locale per language, with the page's "Payment method" legend as Klarna's markets would read it.
  const cases = [
    ['GB', 'en-GB', 'Payment method'], ['DE', 'de-DE', 'Zahlungsart'], ['AT', 'de-AT', 'Zahlungsart'],
    ['CH', 'de-CH', 'Zahlungsart'], ['NL', 'nl-NL', 'Betaalmethode'], ['BE', 'nl-BE', 'Betaalmethode'],
    ['BE', 'fr-BE', 'Moyen de paiement'], ['FR', 'fr-FR', 'Moyen de paiement'], ['CH', 'it-CH', 'Metodo di pagamento'],
    ['IT', 'it-IT', 'Metodo di pagamento'], ['CZ', 'cs-CZ', 'Platební metoda'], ['DK', 'da-DK', 'Betalingsmetode'],
    ['ES', 'es-ES', 'Método de pago'], ['MX', 'es-MX', 'Método de pago'], ['FI', 'fi-FI', 'Maksutapa'],
    ['FI', 'sv-FI', 'Betalsätt'], ['SE', 'sv-SE', 'Betalsätt'], ['GR', 'el-GR', 'Τρόπος πληρωμής'],
    ['NO', 'nb-NO', 'Betalingsmåte'], ['NO', 'no-NO', 'Betalingsmåte'], ['PL', 'pl-PL', 'Metoda płatności'],
    ['PT', 'pt-PT', 'Método de pagamento'], ['HU', 'hu-HU', 'Fizetési mód'], ['RO', 'ro-RO', 'Metodă de plată'],
    ['US', 'es-US', 'Método de pago'], ['CA', 'fr-CA', 'Moyen de paiement'],
  ];
  for (const [country, locale, legend] of cases) {
    await openHosted(page, request, { country, locale });
    await expect(page.locator('legend'), locale).toHaveText(legend);
    await expect(page.locator('section.khc')).toHaveAttribute('lang', locale);
    // The heading and the total's label are the page's own words too, never English outside en-*.
    const words = `${await page.locator('h1').textContent()} ${await page.locator('.khc__total-label').textContent()}`;
    if (!locale.startsWith('en-')) expect(words, locale).not.toBe('Payment Total');
  }
});

test('Swiss German: the payment error reads without ß (de-CH overrides only what differs)', async ({ page, request }) => {
  const s = await newSession(request, { country: 'CH', locale: 'de-CH', persona: 'error', instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await page.getByTestId('klarna-payment-button').click();
  await expect(page.getByTestId('notice')).toHaveAttribute('data-kind', 'pay_error');
  await expect(page.getByTestId('notice')).toContainText('Die Zahlung liess sich nicht abschliessen.');
  expect(await page.locator('section.khc').textContent()).not.toContain('ß');
});

test('a locale change after mount re-renders in place in the new language, money included, and asks Klarna again', async ({ page, request }) => {
  const s = await newSession(request, { country: 'CH', locale: 'de-CH', instruction: 'PRESELECT_KLARNA' });
  const { frame } = await mountCheckout(page, s);
  await expect(frame.locator('legend')).toHaveText('Zahlungsart');
  expect(plain(await frame.getByTestId('total').textContent())).toBe('CHF 118.00');
  const headerBefore = await frame.locator('.khc-choice').first().locator('.khc-part--header').textContent();
  const before = hostedFrame(page);
  await before.evaluate(() => { window.__sameDocument = true; });

  await page.evaluate(() => window.handle.update({ locale: 'fr-CH' }));
  await expect(frame.locator('legend')).toHaveText('Moyen de paiement');
  await expect(frame.locator('section.khc')).toHaveAttribute('lang', 'fr-CH');
  await expect(frame.locator('h1')).toHaveText('Paiement');
  expect(await hostedFrame(page).title()).toBe('Paiement');
  expect(plain(await frame.getByTestId('total').textContent())).toBe('118.00 CHF');
  // No remount: the same frame, the same document, Klarna's button still mounted.
  expect(hostedFrame(page)).toBe(before);
  expect(await before.evaluate(() => window.__sameDocument)).toBe(true);
  await expect(frame.getByTestId('klarna-payment-button')).toBeVisible();
  // Klarna was asked again in French; its own descriptors follow.
  const last = await before.evaluate(() => globalThis.__klarnaSandbox.callsOf('presentation').at(-1).args[0]);
  expect(last.locale).toBe('fr-CH');
  await expect(frame.locator('.khc-choice').first().locator('.khc-part--header')).not.toHaveText(headerBefore);

  await page.evaluate(() => window.handle.update({ locale: 'it-CH' }));
  await expect(frame.locator('legend')).toHaveText('Metodo di pagamento');
  // A locale of another market is refused; the page stays in Italian.
  const code = await page.evaluate(() => window.handle.update({ locale: 'sv-SE' }).then(() => 'ok', (e) => e.code));
  expect(code).toBe('invalid_locale');
  await expect(frame.locator('legend')).toHaveText('Metodo di pagamento');
});
