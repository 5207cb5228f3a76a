// A TCP relay that a test puts between a client and a server, and cuts and mends: a lost
// connection on real sockets, with both ends running.

import net from 'node:net';

/**
 * Listens on a free port of 127.0.0.1 and relays each connection to `port` there. Resolves with
 * { port, cut, mend, close }: `cut()` drops every connection and refuses new ones until
 * `mend()`; `close()` cuts and stops listening.
 */
export async function startRelay(port) {
  const sockets = new Set();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(port, '127.0.0.1');
    for (const [socket, other] of [[client, upstream], [upstream, client]]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        other.destroy();
      });
      socket.pipe(other);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: server.address().port,
    cut,
    mend: () => { open = true; },
    close: () => {
      cut();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
