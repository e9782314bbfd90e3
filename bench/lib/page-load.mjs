// The server's side of the hosted page under load on loopback: what a merchant's traffic spike asks of it when
// shoppers open the page — `GET /hpp/{id}`, the config answer (`GET /v1/sessions/{id}/config` with the client
// secret) and the page's static assets (brotli, as Chromium asks for them) — requests per second and latency.
import { runLoad, sessionBody } from './load.mjs';

const json = { 'content-type': 'application/json' };

/**
 * Creates `sessions` open sessions, then runs each phase (`count` requests or `maxMs`, after a short uncounted
 * warm-up) over them in turn; `assets` are the page's static paths (wasm, boot script, stylesheet).
 */
export async function pageServing({ base, concurrency, count, maxMs, sessions: wanted = 200, assets }) {
  const sessions = [];
  await runLoad({
    base, concurrency, count: wanted, maxMs: 60_000,
    make: (i) => ({ method: 'POST', path: '/v1/sessions', headers: { ...json, authorization: 'Bearer sk_test_demo' }, body: sessionBody(`page-${i}`), expect: 201 }),
    onAnswer: (_i, _s, j) => sessions.push(j),
  });
  if (!sessions.length) throw new Error('page serving: no session was created');
  const br = { 'accept-encoding': 'br, gzip' };
  const phases = {
    hostedPage: (i) => ({ method: 'GET', path: `/hpp/${sessions[i % sessions.length].id}`, headers: br, expect: 200, raw: true }),
    config: (i) => {
      const s = sessions[i % sessions.length];
      // Compressed as the browser asks for it: read whole, not parsed (the status is the check).
      return { method: 'GET', path: `/v1/sessions/${s.id}/config`, headers: { ...br, authorization: `Bearer ${s.client_secret}` }, expect: 200, raw: true };
    },
    assets: (i) => ({ method: 'GET', path: assets[i % assets.length], headers: br, expect: 200, raw: true }),
  };
  const out = { sessions: sessions.length, assetPaths: assets };
  for (const [name, make] of Object.entries(phases)) {
    await runLoad({ base, concurrency, count: Math.min(200, count), maxMs, make });
    out[name] = await runLoad({ base, concurrency, count, maxMs, make });
  }
  return out;
}
