// The operator page: signs in with an admin key (kept in this page's memory only: not in storage, which any
// script of this origin could read, the hosted page's third-party Klarna SDK among them), lists merchants with
// their Klarna onboarding, stores and masked keys, creates merchants and keys through the operator API
// (docs/http-api.md, "Operator API"). Refreshes while an onboarding is pending.
const $ = (id) => document.getElementById(id);
let adminKey = '';
let refresh = null;
// An earlier version kept the key in sessionStorage: forget it.
try {
  sessionStorage.removeItem('khc:admin-key');
} catch {
  // storage blocked: nothing was kept
}

async function api(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${adminKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = r.status === 204 ? null : await r.json();
  if (!r.ok) throw Object.assign(new Error(data?.error?.message || `HTTP ${r.status}`), { fields: data?.error?.fields || [], status: r.status });
  return data;
}

function cell(row, content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  row.append(td);
  return td;
}

function badge(state) {
  const b = document.createElement('span');
  b.className = `op-badge op-badge--${state}`;
  b.textContent = state;
  return b;
}

async function render() {
  const { data } = await api('GET', '/v1/admin/merchants?limit=100');
  const body = $('merchants').querySelector('tbody');
  const rows = await Promise.all(data.map(async (m) => {
    const keys = (await api('GET', `/v1/admin/merchants/${m.id}/keys`)).data.filter((k) => !k.revoked_at);
    const tr = document.createElement('tr');
    tr.dataset.merchant = m.reference;
    const who = cell(tr, m.name);
    who.append(document.createElement('br'), Object.assign(document.createElement('code'), { textContent: m.reference }));
    const state = cell(tr, badge(m.klarna.onboarding));
    state.dataset.testid = 'onboarding';
    if (m.klarna.reason) state.append(document.createElement('br'), m.klarna.reason);
    cell(tr, Object.assign(document.createElement('code'), { textContent: m.klarna.partner_account_id || '—' }));
    cell(tr, m.stores.map((s) => s.url).join(', '));
    cell(tr, keys.map((k) => k.masked).join(', ') || 'none');
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'op-secondary', textContent: 'Create key' });
    button.setAttribute('aria-label', `Create a key for ${m.name}`);
    button.addEventListener('click', () => createKey(m));
    cell(tr, button);
    return tr;
  }));
  body.replaceChildren(...rows);
  const pending = data.some((m) => m.klarna.onboarding === 'pending');
  clearTimeout(refresh);
  if (pending) refresh = setTimeout(() => render().catch(show), 1000);
}

async function createKey(m) {
  const k = await api('POST', `/v1/admin/merchants/${m.id}/keys`);
  $('new-key-merchant').textContent = m.name;
  $('new-key-secret').textContent = k.secret;
  $('new-key').hidden = false;
  await render();
}

function show(e) {
  $('status').textContent = e.message;
}

$('key-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  adminKey = $('admin-key').value.trim();
  try {
    await render();
    $('status').textContent = 'Signed in.';
    $('list-card').hidden = false;
    $('create-card').hidden = false;
  } catch (e) {
    show(e);
  }
});

$('create-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const v = (id) => $(id).value.trim();
  const errors = $('create-errors');
  errors.replaceChildren();
  try {
    const m = await api('POST', '/v1/admin/merchants', {
      reference: v('reference'), name: v('name'), contact: { email: v('email') },
      business_entity: { registered_name: v('registered_name'), registration_number: v('registration_number'), country: v('country'),
        address: { street_address: v('street'), postal_code: v('postal_code'), city: v('city'), country: v('country') } },
      merchant_category_code: v('mcc'),
      stores: [{ name: v('store_name'), url: v('store_url') }],
    });
    $('status').textContent = `${m.name} created; Klarna onboarding ${m.klarna.onboarding}.`;
    ev.target.reset();
    await render();
  } catch (e) {
    show(e);
    errors.replaceChildren(...e.fields.map((f) => Object.assign(document.createElement('li'), { textContent: `${f.path}: ${f.reason}` })));
  }
});

