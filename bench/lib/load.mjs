// A closed-loop load generator on loopback: `concurrency` workers over an undici Pool of as many keep-alive
// connections, each sending its next request as soon as the previous answer is read, bounded by a request
// count and a time limit. Latency is measured per request from send to the last body byte.
import { Pool } from 'undici';
import { percentile } from './stats.mjs';

/**
 * Runs `count` requests (or until `maxMs`) built by `make(i)` → `{method, path, headers, body, expect}`;
 * `onAnswer(i, status, json)` sees each answer. Returns throughput, latency percentiles and error counts.
 */
export async function runLoad({ base, concurrency, count, maxMs, make, onAnswer = () => {} }) {
  const pool = new Pool(base, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const lat = [];
  const errors = {};
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count || performance.now() - t0 > maxMs) return;
      const req = make(i);
      const s = performance.now();
      try {
        const res = await pool.request({ method: req.method, path: req.path, headers: req.headers, body: req.body });
        // `raw`: a body that is not JSON (a page, an asset, maybe compressed): read whole, not parsed.
        const text = req.raw ? (await res.body.arrayBuffer(), '') : await res.body.text();
        lat.push(performance.now() - s);
        if (res.statusCode === req.expect) {
          // Parsed before it counts: an answer that is not JSON is an error, not also a success.
          const answer = text ? JSON.parse(text) : null;
          ok++;
          onAnswer(i, res.statusCode, answer);
        } else {
          const k = `${res.statusCode}`;
          errors[k] = (errors[k] ?? 0) + 1;
          if (errors[k] === 1) errors[`${k}_first`] = text.slice(0, 300);
        }
      } catch (e) {
        errors[e.code ?? e.name] = (errors[e.code ?? e.name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  await pool.close();
  const r1 = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    concurrency,
    requests: lat.length,
    ok,
    errors,
    elapsedMs: Math.round(elapsed),
    throughput: Math.round((ok / elapsed) * 1000 * 10) / 10,
    p50: r1(percentile(lat, 50)),
    p99: r1(percentile(lat, 99)),
    max: r1(lat.length ? Math.max(...lat) : null),
    limits: { count, maxMs },
  };
}

const json = { 'content-type': 'application/json' };

/** A session body for the sandbox approve persona (README's example). */
export function sessionBody(i) {
  return JSON.stringify({
    amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: `bench-${i}`,
    return_url: 'https://shop.example/return', customer: { email: 'customer+de@klarna.com' },
    allowed_origins: ['https://shop.example'],
  });
}

/**
 * The server part: session creation (merchant API), then — to have results to post — authorization of those
 * sessions with their client secrets (sandbox approve persona, so each has a payment_transaction_id), then
 * authorization-result intake with a fresh Idempotency-Key per request. Each phase starts with a short
 * warm-up that is not counted.
 */
export async function serverBench({ base, concurrency = 16, count = 3000, maxMs = 20_000, warmup = 100 }) {
  const merchant = { ...json, authorization: 'Bearer sk_test_demo' };
  const sessions = [];
  const create = (tag) => ({
    make: (i) => ({ method: 'POST', path: '/v1/sessions', headers: merchant, body: sessionBody(`${tag}${i}`), expect: 201 }),
    onAnswer: (_i, _s, j) => sessions.push(j),
  });
  await runLoad({ base, concurrency, count: warmup, maxMs, ...create('warm-') });
  const warmSessions = sessions.splice(0);
  const creation = await runLoad({ base, concurrency, count, maxMs, ...create('') });

  const authorized = [];
  const authorize = (list) => ({
    make: (i) => ({
      method: 'POST', path: `/v1/sessions/${list[i].id}/klarna/authorize`,
      headers: { ...json, authorization: `Bearer ${list[i].client_secret}` }, body: '{}', expect: 200,
    }),
    onAnswer: (i, _s, j) => { if (j.payment_transaction_id) authorized.push({ ...list[i], tx: j.payment_transaction_id }); },
  });
  await runLoad({ base, concurrency, count: warmSessions.length, maxMs, ...authorize(warmSessions) });
  const warmAuthorized = authorized.splice(0);
  const authorization = await runLoad({ base, concurrency, count: sessions.length, maxMs, ...authorize(sessions) });

  let key = 0;
  const result = (list) => ({
    make: (i) => ({
      method: 'POST', path: `/v1/sessions/${list[i].id}/result`,
      headers: { ...json, authorization: `Bearer ${list[i].client_secret}`, 'idempotency-key': `bench-${process.pid}-${key++}` },
      body: JSON.stringify({ outcome: 'authorized', payment_transaction_id: list[i].tx }), expect: 200,
    }),
  });
  await runLoad({ base, concurrency, count: warmAuthorized.length, maxMs, ...result(warmAuthorized) });
  const intake = await runLoad({ base, concurrency, count: authorized.length, maxMs, ...result(authorized) });
  return { creation, authorization, intake };
}

/**
 * What the server's on-the-fly compression costs: `n` sequential GETs of `path` per Accept-Encoding
 * (one keep-alive connection), median and max time to the last byte and the bytes sent.
 */
export async function staticFetch(base, path, { encodings = ['br', 'gzip', 'identity'], n = 10 } = {}) {
  const pool = new Pool(base, { connections: 1 });
  const out = {};
  try {
    for (const enc of encodings) {
      const lat = [];
      let bytes = 0;
      let sent = null;
      for (let i = 0; i < n + 1; i++) {
        const s = performance.now();
        const res = await pool.request({ method: 'GET', path, headers: { 'accept-encoding': enc } });
        const body = Buffer.from(await res.body.arrayBuffer());
        if (i > 0) lat.push(performance.now() - s); // the first one warms the connection and the file cache
        bytes = body.length;
        sent = res.headers['content-encoding'] ?? 'identity';
      }
      const r1 = (x) => Math.round(x * 10) / 10;
      out[enc] = { n, contentEncoding: sent, bytes, median: r1(percentile(lat, 50)), max: r1(Math.max(...lat)) };
    }
  } finally {
    await pool.close();
  }
  return out;
}
