// A forward proxy between headless Chromium and wasm-bindgen-test-runner's built-in server, used by
// scripts/wasm-test-runner.sh. It keeps Chromium's connections alive on its own side and sends each request to the
// runner on a connection of its own, closed after the answer.
//
// Why: the runner's server (rouille on tiny_http 0.12) holds one worker thread per open connection and can queue
// a newly accepted connection behind workers that Chromium's idle keep-alive connections never give back (its
// task pool trusts a count of waiting workers that is already stale). With the many modules tests/web_bindings.rs
// ships, Chromium opens six connections at once and the page sometimes never loads. One short connection per
// request gives every worker back after each answer. Nothing else in the request or the answer is changed.
import http from 'node:http';

const server = http.createServer((req, res) => {
  let target;
  try {
    target = new URL(req.url);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('wasm-test-proxy: expected an absolute URL');
    return;
  }
  const headers = { ...req.headers, connection: 'close' };
  delete headers['proxy-connection'];
  const upstream = http.request(
    { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method,
      headers, agent: false },
    (answer) => {
      const out = { ...answer.headers };
      delete out.connection;
      res.writeHead(answer.statusCode, out);
      answer.pipe(res);
    },
  );
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`wasm-test-proxy: ${e.message}`);
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
