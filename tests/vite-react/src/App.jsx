// A merchant's React page: messaging under the price, Klarna's express button, and the hosted checkout once the
// shopper presses Pay (its session from the sandbox's demo backend). Every event lands in window.__events.
import { useEffect, useState } from 'react';
import { KlarnaCheckout, KlarnaExpressButton, KlarnaPlacement } from 'klarna-hosted-checkout/react';

const BASE = `${location.origin}/`;
const PRICE = 11800;
window.__events = [];

export function App() {
  const [quantity, setQuantity] = useState(1);
  const [session, setSession] = useState();
  const [status, setStatus] = useState('');
  const amount = PRICE * quantity;
  // Counts effect runs: 2 under StrictMode in development (the proof that the double mount happens).
  useEffect(() => {
    window.__effectRuns = (window.__effectRuns ?? 0) + 1;
  }, []);
  const record = (source) => (e) => {
    const { updateWith, ...event } = e;
    window.__events.push({ source, ...event });
    if (e.type === 'authorized') setStatus(`Paid (${source}): ${e.payment_transaction_id}`);
    if (e.type === 'shipping_address_change') {
      updateWith(fetch('/demo/api/express/shipping', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: e.session_id, address: e.address }),
      }).then((r) => r.json()));
    }
  };
  async function pay() {
    const r = await fetch('/demo/sessions', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'approve', country: 'GB', amount }),
    });
    setSession(await r.json());
  }
  return (
    <main>
      <h1>React shop</h1>
      <label>Quantity <input type="number" min="1" max="5" value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} /></label>
      <KlarnaPlacement baseUrl={BASE} placement="credit-promotion-badge" locale="en-GB" amount={amount} className="placement" />
      <KlarnaExpressButton baseUrl={BASE} amount={amount} currency="GBP" locale="en-GB" sessionUrl="/demo/api/express/sessions"
        details={{ lines: [{ name: 'Sneakers', quantity, unit_price: PRICE }] }} className="express" onEvent={record('express')} />
      <button type="button" onClick={pay}>Pay with the hosted checkout</button>
      {session && <KlarnaCheckout session={session.hosted_url} className="checkout" onEvent={record('checkout')} />}
      <p role="status">{status}</p>
    </main>
  );
}
