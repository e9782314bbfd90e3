// Sign in with Klarna as a product feature: the demo store's login page (markup, checkout.js), the id token
// verified by the store's backend before it is trusted, the network session token handed to the checkout so
// Klarna is preselected there, Klarna's errors forwarded, bad options named, keyboard use; and the script API
// on a plain page.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { ConfirmationPage, cspViolations, personaEmail, seedCart, watchPage } from './pages/store.js';

class LoginPage {
  constructor(page) {
    this.page = page;
    this.button = page.getByTestId('signin-slot').getByTestId('klarna-identity-button');
    this.journey = page.getByTestId('klarna-signin-journey');
    this.email = this.journey.getByLabel('E-mail (sandbox persona)');
    this.status = page.getByRole('main').getByRole('status');
  }

  async signIn(persona = 'approve') {
    await this.button.click();
    await this.email.fill(personaEmail(persona));
    await this.journey.getByTestId('klarna-signin-journey-confirm').click();
  }
}

test.afterEach(async ({ page }) => {
  expect((await cspViolations(page).catch(() => [])) ?? [], 'CSP violations').toEqual([]);
});

test('login page: signed in with Klarna, verified by the shop, then Klarna preselected at checkout', async ({ page, request }) => {
  const log = await watchPage(page);
  await seedCart(page, [{ sku: 'classic-canvas', quantity: 1 }]);
  await page.goto('/store/login.html');
  const login = new LoginPage(page);
  await login.signIn('approve');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Testperson-gb Approved');
  await expect(login.status).toHaveText('Signed in with Klarna as Testperson-gb Approved.');
  await expect(page.getByRole('link', { name: 'Account (Testperson-gb Approved)' })).toBeVisible();
  expect(log.requests).toContain('/demo/api/signin');
  const token = await page.evaluate(() => sessionStorage.getItem('klarna-hosted-checkout:network-session-token'));
  expect(token).toMatch(/^krn:sandbox:eu1:session-token:signin:/);

  await page.getByRole('link', { name: 'Go to your cart' }).click();
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  const frame = page.frameLocator('#pay iframe');
  // Preselected: the shopper only presses Klarna's button.
  await expect(frame.getByTestId('klarna-radio')).toBeChecked({ timeout: 20_000 });
  await frame.getByTestId('klarna-payment-button').click();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.status).toHaveText('Paid with Klarna: £118.00 authorized', { timeout: 20_000 });
  // Klarna received the sign-in's token with the authorization.
  const seen = await (await request.get(`/sandbox/klarna/requests?session=${confirmation.sessionId()}`)).json();
  expect(seen.requests.find((r) => r.operation === 'authorize').klarna_network_session_token).toBe(token);
  expect(log.errors).toEqual([]);
});

test('login page: Klarna\'s error reaches the page; signing out forgets the token', async ({ page }) => {
  await watchPage(page);
  await page.goto('/store/login.html');
  const login = new LoginPage(page);
  await login.signIn('error');
  await expect(login.status).toContainText('Sign in with Klarna did not work');
  await login.signIn('approve');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Testperson-gb Approved');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  expect(await page.evaluate(() => sessionStorage.getItem('klarna-hosted-checkout:network-session-token'))).toBeNull();
});

test('login page: a forged id token is refused by the shop\'s backend, not trusted by the page', async ({ page }) => {
  await watchPage(page);
  await page.goto('/store/login.html');
  await expect(new LoginPage(page).button).toBeVisible();
  // Someone fires the sign-in event by hand with a token Klarna never signed (naming Klarna's published key).
  const { keys: [{ kid }] } = await (await page.request.get('/sandbox/klarna/identity/jwks.json')).json();
  const forged = [`{"alg":"EdDSA","kid":"${kid}"}`, '{"sub":"admin","aud":"x","exp":9999999999}']
    .map((p) => Buffer.from(p).toString('base64url')).join('.') + '.' + Buffer.alloc(64, 7).toString('base64url');
  await page.getByTestId('signin-slot').evaluate((el, t) => el.dispatchEvent(new CustomEvent('klarna-signin:signin',
    { detail: { type: 'signin', id_token: t } })), forged);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'We could not sign you in: id_token: its signature does not match the issuer\'s published key');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});

test('keyboard: Tab reaches the identity button, Enter opens Klarna, Escape closes it', async ({ page }) => {
  await watchPage(page);
  await page.goto('/store/login.html');
  const login = new LoginPage(page);
  await expect(login.button).toBeVisible();
  await login.button.focus();
  await page.keyboard.press('Enter');
  await expect(login.email).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(login.email).toBeFocused(); // focus stays in the dialog
  await page.keyboard.press('Escape');
  await expect(login.journey).toHaveCount(0);
  await expect(login.button).toBeFocused();
});

test('plain page: signIn() from script forwards signin with tokens and profile; bad markup is named', async ({ page }) => {
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Plain login</title></head><body><main>
<h1>Log in</h1><div id="siwk"></div><div id="bad" data-klarna-signin data-scope="profile:email"></div></main>
<script>
  window.__signin = [];
  document.addEventListener('klarna-signin:error', (e) => window.__signin.push(e.detail));
</script><script src="/checkout.js"></script></body></html>`;
  await page.route(`${BASE}/plain/login.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto('/plain/login.html');
  await expect.poll(() => page.evaluate(() => window.__signin[0])).toMatchObject({ code: 'invalid_option', option: 'data-redirect-uri' });
  await expect(page.locator('#bad').getByTestId('klarna-identity-button')).toHaveCount(0);
  await page.evaluate(() => window.KlarnaHostedCheckout.signIn({
    target: '#siwk', scope: 'openid profile:name profile:email', redirectUri: '/plain/login.html', locale: 'en-GB',
    onEvent: (e) => window.__signin.push(e),
  }));
  await page.locator('#siwk').getByTestId('klarna-identity-button').click();
  await page.getByTestId('klarna-signin-journey-confirm').click();
  await expect.poll(() => page.evaluate(() => window.__signin.find((e) => e.type === 'signin'))).toMatchObject({
    profile: { email: 'customer+gb@klarna.com', given_name: 'Testperson-gb' },
    klarna_network_session_token: expect.stringMatching(/^krn:/),
  });
  const signin = await page.evaluate(() => window.__signin.find((e) => e.type === 'signin'));
  expect(signin.id_token.split('.')).toHaveLength(3);
  expect(signin.refresh_token).toMatch(/^sandbox_rt_/);
});

test('a scope Klarna does not know is refused at mount, from markup and from script, naming the scope', async ({ page }) => {
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Bad scope</title></head><body><main>
<h1>Log in</h1><div id="siwk"></div><div id="bad" data-klarna-signin data-scope="openid profile:shoe"
  data-redirect-uri="/plain/scope.html"></div></main>
<script>
  window.__signin = [];
  document.addEventListener('klarna-signin:error', (e) => window.__signin.push(e.detail));
  document.addEventListener('klarna-signin:ready', (e) => window.__signin.push(e.detail));
</script><script src="/checkout.js"></script></body></html>`;
  const logged = [];
  page.on('console', (m) => m.type() === 'error' && logged.push(m.text()));
  await page.route(`${BASE}/plain/scope.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto('/plain/scope.html');
  await expect.poll(() => page.evaluate(() => window.__signin[0])).toMatchObject({
    type: 'error', code: 'invalid_option', option: 'data-scope', message: expect.stringContaining('"profile:shoe" is not one'),
  });
  const fromScript = await page.evaluate(() => window.KlarnaHostedCheckout
    .signIn({ target: '#siwk', scope: 'openid  offline_access x', redirectUri: '/plain/scope.html', locale: 'en-GB' })
    .then(() => 'mounted', (e) => `${e.name}: ${e.option}: ${e.message}`));
  expect(fromScript).toMatch(/^OptionError: scope: scope: expected .*\("x" is not one\)/);
  await page.waitForTimeout(500);
  await expect(page.getByTestId('klarna-identity-button')).toHaveCount(0);
  expect(await page.evaluate(() => window.__signin.map((e) => e.type))).toEqual(['error', 'error']);
  expect(logged.join('\n')).toContain('data-scope: expected');
});
