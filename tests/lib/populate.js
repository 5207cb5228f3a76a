// `fairshare-node populate-state` (docs/scale.md), for the test that checks it and the script that
// measures its databases' size.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NODE_BINARY } from './node.js';

/**
 * Writes a state of `sizes` ({ accounts, datasets, models, channels, maxDatasetsPerModel }) into
 * the new development chain's database at `basePath`, and resolves with the command's JSON
 * summary. Rejects with the command's error output when it fails.
 */
export async function populateState(basePath, sizes) {
  const { stdout } = await promisify(execFile)(NODE_BINARY, [
    'populate-state', '--chain', 'dev', '--base-path', basePath,
    '--accounts', String(sizes.accounts), '--datasets', String(sizes.datasets), '--models', String(sizes.models),
    '--channels', String(sizes.channels), '--max-datasets-per-model', String(sizes.maxDatasetsPerModel),
  ], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}
