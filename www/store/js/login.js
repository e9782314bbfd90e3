/**
 * Login page: Klarna's identity button from markup (`[data-klarna-signin]`, mounted by /checkout.js,
 * docs/signin.md). On `klarna-signin:signin` the page hands the id token to the store's backend
 * (`POST /demo/api/signin`), which verifies it against Klarna's published keys before the store trusts
 * it; /checkout.js has already handed Klarna's network session token to the checkout, so Klarna is
 * preselected there.
 */
import { initLayout, showAccount } from './lib/layout.js';
import { currentAccount, rememberAccount, signOut } from './lib/account.js';

const slot = document.querySelector('[data-klarna-signin]');
const status = document.querySelector('[data-status]');

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

function show(account) {
  document.querySelector('[data-signed-out]').hidden = !!account;
  document.querySelector('[data-signed-in]').hidden = !account;
  document.querySelector('[data-login-title]').textContent = account ? `Welcome, ${account.name}` : 'Sign in';
  if (account) {
    document.querySelector('[data-account-name]').textContent = account.name;
    document.querySelector('[data-account-email]').textContent = account.email ?? '';
  }
  showAccount();
}

slot.addEventListener('klarna-signin:signin', async (e) => {
  say('Signing you in…');
  try {
    const r = await fetch('/demo/api/signin', {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ id_token: e.detail.id_token }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body?.error?.message ?? `HTTP ${r.status}`);
    const p = body.profile ?? {};
    const account = { subject: body.subject, name: [p.given_name, p.family_name].filter(Boolean).join(' ') || 'Klarna shopper', email: p.email };
    rememberAccount(account);
    show(account);
    say(`Signed in with Klarna as ${account.name}.`);
    document.getElementById('main').focus();
  } catch (error) {
    say(`We could not sign you in: ${error.message}`, 'error');
  }
});
slot.addEventListener('klarna-signin:error', (e) => {
  say(`Sign in with Klarna did not work: ${e.detail.message}`, 'error');
});
document.querySelector('[data-sign-out]').addEventListener('click', () => {
  signOut();
  show(undefined);
  say('You are signed out.');
});

show(currentAccount());
initLayout({ placements: false }); // /checkout.js renders this page's placements
