// The merchant's notification endpoint for the suite: a local HTTP server that records every delivery
// (event id, type, session) and answers 200.
import http from 'node:http';

export function startReceiver() {
  const got = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try {
        const e = JSON.parse(body);
        got.push({ id: e.id, type: e.type, session: e.data?.id, signed: Boolean(req.headers['checkout-signature']) });
      } catch { got.push({ id: null, type: 'unparseable' }); }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/notifications`,
      got,
      close: () => new Promise((r) => server.close(() => r())),
    }));
  });
}
