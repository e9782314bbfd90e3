// The merchant's bundle: creates a session through its backend (here the sandbox demo backend)
// and mounts the checkout with the npm package.
import { createCheckout, RESERVED_HEIGHT } from 'klarna-hosted-checkout';

const status = document.getElementById('status');
window.__events = [];

document.getElementById('start').addEventListener('click', async () => {
  const resp = await fetch('/demo/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ persona: 'approve', country: 'DE', amount: 11800 }),
  });
  const session = await resp.json();
  createCheckout({
    session: session.hosted_url,
    target: '#pay',
    onEvent(event) {
      window.__events.push(event);
      if (event.type === 'authorized') status.textContent = `Paid: ${event.payment_transaction_id}`;
    },
  });
  status.textContent = `Checkout mounted (reserved ${RESERVED_HEIGHT}px)`;
});
