// A round-robin TCP load balancer, as small as the test needs: each new connection goes to the next backend;
// a backend that refuses the connection (killed, restarting) is skipped for the next one, as HAProxy's health
// checks would. Connections in flight to a killed backend break, which is the point.
import net from 'node:net';

export function startBalancer(backends, { port = 0 } = {}) {
  let next = 0;
  const stats = { connections: 0, skipped: 0, perBackend: backends.map(() => 0) };
  const server = net.createServer((client) => {
    stats.connections++;
    client.pause();
    const tryFrom = (attempt) => {
      if (attempt >= backends.length) { client.destroy(); return; }
      const i = next++ % backends.length;
      const upstream = net.connect(backends[i].port, '127.0.0.1');
      upstream.once('connect', () => {
        stats.perBackend[i]++;
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', (e) => {
        if (upstream.connecting || e.code === 'ECONNREFUSED') { stats.skipped++; upstream.destroy(); tryFrom(attempt + 1); }
        else client.destroy();
      });
      client.on('error', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    tryFrom(0);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({
      port: server.address().port,
      stats,
      close: () => new Promise((r) => server.close(() => r())),
    }));
  });
}
