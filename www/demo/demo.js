// The demo merchant page: asks the demo backend (POST /demo/sessions, sandbox
// only) for a session and embeds the hosted page with checkout.js's
// KlarnaHostedCheckout.create, listing the events it sends.
const form = document.getElementById('demo-form');
const slot = document.getElementById('pay');
const errorBox = document.getElementById('demo-error');
let checkout = null;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.hidden = true;
  const data = new FormData(form);
  const body = {
    persona: data.get('persona'),
    country: data.get('country'),
    amount: Number(data.get('amount')),
  };
  if (data.get('instruction')) body.instruction = data.get('instruction');
  let session;
  try {
    const resp = await fetch('/demo/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    session = await resp.json();
    if (!resp.ok) {
      const fields = (session.error?.fields || []).map((f) => `${f.path}: ${f.reason}`).join('; ');
      showError(`${session.error?.message || 'Could not create the session'}${fields ? ` (${fields})` : ''}`);
      return;
    }
  } catch (e) {
    showError(`Could not reach the demo backend: ${e.message}`);
    return;
  }
  document.getElementById('session-id').textContent = session.id;
  const events = document.getElementById('events');
  events.replaceChildren();
  if (checkout) checkout.destroy();
  checkout = window.KlarnaHostedCheckout.create({
    session: session.hosted_url,
    target: slot,
    onEvent(e) {

      const li = document.createElement('li');
      li.textContent = JSON.stringify(e);
      li.dataset.type = e.type;
      events.append(li);
    },
  });
  checkout.iframe.classList.add('demo-frame');
  checkout.iframe.dataset.sessionId = session.id;
});
