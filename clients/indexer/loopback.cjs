// Preloaded into SubQuery's processes (node --require): a server that names no host listens on
// 127.0.0.1 only. SubQuery's indexer and GraphQL server listen with a port alone, which Node.js
// would bind on every interface.
'use strict';
const net = require('node:net');

const isPort = (value) => typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (isPort(args[0]) && typeof args[1] !== 'string') {
    // listen(port), listen(port, callback), listen(port, backlog, callback): no host given.
    args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
