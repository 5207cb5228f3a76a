// JSON-RPC over HTTP, for the tests and scripts.

/** How long a call may take before it fails: a node that accepts the connection and never
 * answers would otherwise hold a test forever. */
const CALL_TIMEOUT_MS = 30_000;

/** Calls a JSON-RPC method over HTTP. Rejects on a JSON-RPC error, with its message, and when no
 * answer comes within `timeoutMs` (30 s by default). */
export async function rpcCall(url, method, params = [], { timeoutMs = CALL_TIMEOUT_MS } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((e) => {
    if (e.name !== 'TimeoutError') throw e;
    throw new Error(`${method}: no answer from ${url} within ${timeoutMs / 1000} s`);
  });
  const body = await response.json();
  if (body.error) {
    const error = new Error(`${method}: ${body.error.message}`);
    error.rpc = body.error;
    throw error;
  }
  return body.result;
}
