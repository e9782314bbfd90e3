// The floor: a minimal hand-written page doing what the hosted page must do before Klarna is usable, and no
// more. Same requests in the same order as the hosted page (config → Klarna SDK from the config's sdk_url →
// KlarnaSDK → Payment.presentation), then the header text, the other methods as radios, and Klarna's payment
// button mounted. No error handling, no i18n, no styling, no merchant-page protocol.
// The session id and client secret come in the fragment: #id=hcs_…&cs=hcs_secret_…
performance.mark('floor:boot');
const frag = new URLSearchParams(location.hash.slice(1));
const id = frag.get('id');
const res = await fetch(`/v1/sessions/${id}/config`, { headers: { Authorization: `Bearer ${frag.get('cs')}` } });
const cfg = await res.json();
performance.mark('floor:config');
const { KlarnaSDK } = await import(cfg.klarna.sdk_url);
// Only what Klarna's types name: the token reaches the SDK inside the server's sdk_token.
const klarna = await KlarnaSDK({
  clientId: cfg.klarna.client_id,
  ...(cfg.klarna.partner_account_id && { partnerAccountId: cfg.klarna.partner_account_id }),
  ...(cfg.klarna.sdk_token && { sdkToken: cfg.klarna.sdk_token }),
  locale: cfg.locale,
  products: cfg.klarna.products,
});
// The newest SDK's presentation: a list of options with plain strings, no button of their own.
const p = await klarna.Payment.presentation({
  amount: cfg.amount, currency: cfg.currency, locale: cfg.locale, intent: cfg.intents[0],
});
performance.mark('floor:presentation');
const option = p.paymentOptions[0];
const money = new Intl.NumberFormat(cfg.locale, { style: 'currency', currency: cfg.currency });
document.getElementById('total').textContent = money.format(cfg.amount / 100);
const list = document.getElementById('methods');
const item = (method, label) => {
  const li = document.createElement('li');
  li.dataset.method = method;
  const l = document.createElement('label');
  const r = document.createElement('input');
  r.type = 'radio';
  r.name = 'method';
  r.value = method;
  l.append(r, ' ', label);
  li.append(l);
  list.append(li);
  return { li, r };
};
if (p.instruction !== 'HIDE_KLARNA') {
  const k = item('klarna', '');
  const header = document.createElement('span');
  header.dataset.testid = 'klarna-header';
  header.textContent = option.content.header;
  k.li.querySelector('label').append(header);
  k.r.checked = true;
  const slot = document.createElement('div');
  k.li.append(slot);
  await option.select();
  klarna.Payment.button({
    initiate: () => fetch(`/v1/sessions/${id}/klarna/authorize`, {
      method: 'POST', headers: { Authorization: `Bearer ${frag.get('cs')}`, 'Content-Type': 'application/json' }, body: '{}',
    }).then((r) => r.json()).then((a) => (a.payment_request_id ? { paymentRequestId: a.payment_request_id } : { returnUrl: a.return_url })),
  }).mount(slot);
}
if (p.instruction !== 'SHOW_ONLY_KLARNA') for (const m of cfg.other_methods) item(m.id, m.label);
performance.mark('floor:mounted');
