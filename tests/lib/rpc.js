// JSON-RPC over HTTP, for the tests and scripts.

/** Calls a JSON-RPC method over HTTP. Rejects on a JSON-RPC error, with its message. */
export async function rpcCall(url, method, params = []) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) {
    const error = new Error(`${method}: ${body.error.message}`);
    error.rpc = body.error;
    throw error;
  }
  return body.result;
}
