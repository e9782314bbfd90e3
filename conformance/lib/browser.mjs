// The hosted page in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core; no browser is ever downloaded), opened as a payment link,
// with the Web SDK the server names (Klarna's real one outside sandbox),
// through to Klarna's payment button.
import { existsSync } from 'node:fs';

/**
 * Opens `hostedUrl`; answers what the page showed: `{ok, seen, error}` where
 * `seen` has the SDK's URL, the instruction, whether the button appeared (and
 * whether the boot script mounted it before the module, `early_button`), the
 * page's errors and the script URLs it loaded from Klarna.
 */
export async function throughToTheButton(hostedUrl, { executablePath, timeoutMs = 30000 }) {
  if (!existsSync(executablePath)) {
    return { ok: false, skipped: `no Chromium at ${executablePath} (set CHROMIUM_PATH; Debian: apt-get install chromium)` };
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { ok: false, skipped: 'playwright-core is not installed (npm ci)' };
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
  });
  const seen = { sdk_scripts: [], page_errors: [], console_errors: [], instruction: null, button: false, early_button: false, klarna_option: false };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => seen.page_errors.push(String(e.message).slice(0, 300)));
    page.on('console', (m) => { if (m.type() === 'error') seen.console_errors.push(m.text().slice(0, 300)); });
    page.on('request', (r) => {
      const u = r.url();
      if (/klarna|sandbox\/klarna/.test(u) && r.resourceType() === 'script') seen.sdk_scripts.push(u.split('?')[0]);
    });
    await page.goto(hostedUrl, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    const option = page.getByTestId('klarna-option');
    const notice = page.getByTestId('notice');
    const first = await Promise.race([
      option.waitFor({ state: 'visible', timeout: timeoutMs }).then(() => 'option'),
      notice.waitFor({ state: 'visible', timeout: timeoutMs }).then(() => 'notice'),
    ]).catch(() => 'nothing');
    if (first !== 'option') {
      seen.notice = first === 'notice' ? (await notice.innerText()).slice(0, 300) : null;
      return { ok: false, seen, error: first === 'notice' ? `the page showed: ${seen.notice}` : 'no Klarna option appeared' };
    }
    seen.klarna_option = true;
    seen.instruction = await page.getByTestId('methods').getAttribute('data-instruction').catch(() => null);
    const radio = page.getByTestId('klarna-radio');
    if (await radio.count()) await radio.check().catch(() => {});
    // The emulator's button has a test id; Klarna's real one is whatever Klarna mounts into the chosen row.
    const button = page.locator('[data-testid=klarna-payment-button], .khc-choice .khc-pay *:visible').first();
    await button.waitFor({ state: 'visible', timeout: timeoutMs });
    seen.button = true;
    // Klarna first (README): the boot script's button, moved into Klarna's row by the page, must still be Klarna's
    // working button; the page's own otherwise. Which one this run showed, once the page has taken or released it.
    await page.locator('.khc-early').waitFor({ state: 'detached', timeout: timeoutMs }).catch(() => {});
    seen.early_button = await page.evaluate(() => performance.getEntriesByName('khc:early-button').length > 0);
    return { ok: true, seen };
  } catch (e) {
    return { ok: false, seen, error: String(e.message).split('\n')[0] };
  } finally {
    await browser.close();
  }
}
