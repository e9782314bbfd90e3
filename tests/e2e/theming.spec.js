// Issue 7: the `appearance` option. Valid values become --khc-* custom properties on the component root (under
// the hosted page's strict CSP: no style attribute, no inline <style>); bad ones are reported (console and an
// `invalid_appearance` error event naming each path) and ignored; Klarna's own button keeps Klarna's branding;
// dark mode passes axe's contrast checks; the loading skeleton keeps the reserved size in every theme.
import { test, expect } from '@playwright/test';
import { newSession } from './pages/fixtures.js';
import { expectNoViolations, mountCheckout } from './pages/a11y.js';

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Records CSP violations and console warnings of every frame. */
async function watch(page) {
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return warnings;
}

const styleOf = (locator, ...props) => locator.evaluate((el, ps) => {
  const cs = getComputedStyle(el);
  return Object.fromEntries(ps.map((p) => [p, cs.getPropertyValue(p).trim()]));
}, props);

test('dark mode: dark background, light text, color-scheme dark, Klarna\'s own button theme for dark pages', async ({ page, request }) => {
  await watch(page);
  const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }), { appearance: { theme: 'dark' } });
  const root = frame.locator('section.khc');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  const s = await styleOf(root, 'background-color', 'color', 'color-scheme');
  expect(luminance(s['background-color'])).toBeLessThan(0.05);
  expect(luminance(s.color)).toBeGreaterThan(0.8);
  expect(s['color-scheme']).toBe('dark');
  // Klarna's button: Klarna's `light` theme (its choice for dark pages), Klarna's colours, not ours.
  const button = frame.getByTestId('klarna-payment-button');
  await expect(button).toHaveClass(/klarna-sandbox-button--theme-light/);
  const buttonCall = await hosted().evaluate(() => globalThis.__klarnaSandbox.callsOf('button').at(-1));
  expect(buttonCall.args[0].theme).toBe('light');
  expect(await hosted().evaluate(() => window.__csp)).toEqual([]);
});

test('a custom accent shows on the selected method; Klarna\'s button keeps Klarna\'s colours and font', async ({ page, request }) => {
  await watch(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const plain = await mountCheckout(page, s);
  const branded = await styleOf(plain.frame.getByTestId('klarna-payment-button'), 'background-color', 'color', 'font-family', 'border-radius');
  const appearance = { colors: { accent: '#c2185b' }, radius: '14px', font: 'Georgia, serif', spacing: '20px' };
  const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }), { appearance });
  const klarna = frame.getByTestId('klarna-option');
  await expect(frame.getByTestId('klarna-radio')).toBeChecked();
  const m = await styleOf(klarna, 'border-top-color', 'border-top-left-radius');
  expect(m['border-top-color']).toBe('rgb(194, 24, 91)');
  expect(m['border-top-left-radius']).toBe('14px');
  expect((await styleOf(frame.getByTestId('klarna-radio'), 'accent-color'))['accent-color']).toBe('rgb(194, 24, 91)');
  // An unselected method keeps the border colour.
  expect((await styleOf(frame.locator('[data-method=card]'), 'border-top-color'))['border-top-color']).not.toBe('rgb(194, 24, 91)');
  const root = await styleOf(frame.locator('section.khc'), 'font-family', 'padding-top', '--khc-color-on-accent');
  expect(root['font-family']).toBe('Georgia, serif');
  expect(root['padding-top']).toBe('20px');
  expect(root['--khc-color-on-accent']).toBe('#ffffff');
  // Klarna's element is untouched: same colours, radius and font as without an appearance.
  expect(await styleOf(frame.getByTestId('klarna-payment-button'), 'background-color', 'color', 'font-family', 'border-radius')).toEqual(branded);
  // Set through the CSSOM: no style attribute, so the CSP (style-src 'self') has nothing to block.
  expect(await hosted().evaluate(() => window.__csp)).toEqual([]);
  expect(await frame.locator('section.khc').getAttribute('style')).toContain('--khc-color-accent: #c2185b');
});

test('unknown keys and bad values: an invalid_appearance event naming each path, console warnings, the rest applied', async ({ page, request }) => {
  const warnings = await watch(page);
  const appearance = { theme: 'dark', colours: { accent: '#fff' }, colors: { accent: '#ffb000', text: 'red; x: y', shadow: '#000' }, radius: '99px', font: 'Inter} body {' };
  const { frame } = await mountCheckout(page, await newSession(request), { appearance });
  const errors = await page.evaluate(() => window.__events.filter((e) => e.type === 'error'));
  expect(errors).toHaveLength(1);
  expect(errors[0].code).toBe('invalid_appearance');
  for (const path of ['appearance.colours', 'appearance.colors.shadow', 'appearance.colors.text', 'appearance.radius', 'appearance.font']) {
    expect(errors[0].message).toContain(path);
    expect(warnings.some((w) => w.includes(path)), `console warning for ${path}`).toBe(true);
  }
  expect(errors[0].message).toContain('unknown field');
  // The good parts apply; the page works.
  const root = frame.locator('section.khc');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  expect((await styleOf(root, '--khc-color-accent', '--khc-color-on-accent', '--khc-radius'))).toEqual({
    '--khc-color-accent': '#ffb000', '--khc-color-on-accent': '#000000', '--khc-radius': '8px',
  });
  await expect(frame.getByTestId('klarna-option')).toBeVisible();
  expect(await page.evaluate(() => window.__events.map((e) => e.type))).toContain('ready');
});

test('an appearance that is not JSON is reported and the defaults apply', async ({ page, request }) => {
  const warnings = await watch(page);
  const s = await newSession(request);
  // checkout.js always sends JSON; a hand-made fragment can carry anything.
  await page.goto(`${s.hosted_url}&appearance=${encodeURIComponent('{theme: dark')}`);
  await expect(page.getByTestId('klarna-option')).toBeVisible();
  await expect(page.locator('section.khc')).toHaveAttribute('data-theme', 'light');
  expect(warnings.some((w) => w.includes('appearance: is not valid JSON'))).toBe(true);
});

test.describe('contrast in dark mode (axe)', () => {
  test.use({ bypassCSP: true });
  for (const [name, session, act] of [
    ['methods', { instruction: 'SHOW_KLARNA' }, async (f) => { await f.getByTestId('klarna-radio').check(); }],
    ['declined', { persona: 'denied', instruction: 'PRESELECT_KLARNA' }, async (f) => {
      await f.getByTestId('klarna-payment-button').click();
      await expect(f.getByTestId('notice')).toBeVisible();
    }],
    ['confirmation', { instruction: 'PRESELECT_KLARNA' }, async (f) => {
      await f.getByTestId('klarna-payment-button').click();
      await expect(f.getByTestId('confirmation')).toBeVisible();
    }],
    ['not offered', { instruction: 'HIDE_KLARNA' }, async (f) => { await f.locator('[data-method=card] input').check(); }],
  ]) {
    test(`dark: ${name}`, async ({ page, request }) => {
      const { frame, hosted } = await mountCheckout(page, await newSession(request, session), { appearance: { theme: 'dark' } });
      await act(frame);
      await expectNoViolations(hosted(), `dark ${name}`);
    });
  }

  test('dark: SDK load failure', async ({ page, request }) => {
    await page.route('**/sandbox/klarna.js*', (r) => r.abort());
    const { frame, hosted } = await mountCheckout(page, await newSession(request), { appearance: { theme: 'dark' }, wait: 'error' });
    await expect(frame.getByTestId('error')).toBeVisible();
    await expectNoViolations(hosted(), 'dark SDK failure');
  });

  test('a merchant palette with a light accent keeps readable text on our buttons', async ({ page, request }) => {
    await page.route('**/sandbox/klarna.js*', (r) => r.abort());
    const appearance = { colors: { background: '#fffaf0', text: '#2b2118', accent: '#ffd54f', danger: '#b00020' } };
    const { frame, hosted } = await mountCheckout(page, await newSession(request), { appearance, wait: 'error' });
    await expect(frame.getByRole('button')).toBeVisible();
    await expectNoViolations(hosted(), 'merchant palette');
  });
});

test('the loading skeleton has the static shell\'s size, within the reserved 364px, in every theme', async ({ page, request }) => {
  const heights = {};
  const measure = async (name, appearance, { shell = false } = {}) => {
    const { frame } = await mountCheckout(page, await newSession(request), { appearance, wait: null });
    await expect(frame.locator(shell ? '.khc-skeleton' : '[data-testid=loading]')).toBeVisible();
    heights[name] = await frame.locator('#app').evaluate((el) => el.getBoundingClientRect().height);
  };
  await page.route('**/sandbox/klarna.js*', () => {}); // the component stays loading
  // First: an empty boot module, so hpp.html's static shell stays.
  const boot = /\/hpp(\.[0-9a-f]+)?\.js$/; // /hpp.js, or /pkg/hpp.<hash>.js once assets are hashed
  await page.route(boot, (r) => r.fulfill({ contentType: 'text/javascript', body: '' }));
  await measure('shell', undefined, { shell: true });
  await expect(page.frameLocator('#pay iframe').getByTestId('loading')).toHaveCount(0); // really the shell
  await page.unroute(boot);
  await measure('default', undefined);
  await measure('dark', { theme: 'dark' });
  await measure('radius', { radius: '0', colors: { background: '#eeeeee' } });
  expect(new Set(Object.values(heights)).size, JSON.stringify(heights)).toBe(1);
  expect(heights.shell).toBeLessThanOrEqual(364); // RESERVED_HEIGHT of js/embed.js
});
