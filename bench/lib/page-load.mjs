// The server's side of the hosted page under load on loopback: what a merchant's traffic spike asks of it when
// shoppers open the page — `GET /hpp/{id}`, the config answer (`GET /v1/sessions/{id}/config` with the client
// secret) and the page's static assets (brotli, as Chromium asks for them) — requests per second and latency.
import { runLoad, sessionBody } from './load.mjs';

const json = { 'content-type': 'application/json' };

const br = { 'accept-encoding': 'br, gzip' };

/** Creates `count` open sessions through the merchant API (names `<prefix>-<i>`); their creation answers. */
export async function openSessions({ base, concurrency, count, prefix = 'page' }) {
  const sessions = [];
  await runLoad({
    base, concurrency, count, maxMs: 60_000,
    make: (i) => ({ method: 'POST', path: '/v1/sessions', headers: { ...json, authorization: 'Bearer sk_test_demo' }, body: sessionBody(`${prefix}-${i}`), expect: 201 }),
    onAnswer: (_i, _s, j) => sessions.push(j),
  });
  if (!sessions.length) throw new Error('page serving: no session was created');
  return sessions;
}

/** The `i`-th config read over `sessions`, with its client secret, compressed as the browser asks for it. */
export function configRead(sessions) {
  return (i) => {
    const s = sessions[i % sessions.length];
    // Read whole, not parsed (the status is the check).
    return { method: 'GET', path: `/v1/sessions/${s.id}/config`, headers: { ...br, authorization: `Bearer ${s.client_secret}` }, expect: 200, raw: true };
  };
}

/**
 * Creates `sessions` open sessions, then runs each phase (`count` requests or `maxMs`, after a short uncounted
 * warm-up) over them in turn; `assets` are the page's static paths (wasm, boot script, stylesheet).
 */
export async function pageServing({ base, concurrency, count, maxMs, sessions: wanted = 200, assets }) {
  const sessions = await openSessions({ base, concurrency, count: wanted });
  const phases = {
    hostedPage: (i) => ({ method: 'GET', path: `/hpp/${sessions[i % sessions.length].id}`, headers: br, expect: 200, raw: true }),
    config: configRead(sessions),
    assets: (i) => ({ method: 'GET', path: assets[i % assets.length], headers: br, expect: 200, raw: true }),
  };
  const out = { sessions: sessions.length, assetPaths: assets };
  for (const [name, make] of Object.entries(phases)) {
    await runLoad({ base, concurrency, count: Math.min(200, count), maxMs, make });
    out[name] = await runLoad({ base, concurrency, count, maxMs, make });
  }
  return out;
}
