// Runs one of scripts/ as its own Node process, as the tests of the scripts do.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A function that runs `scripts/NAME` with the arguments it is given and returns `spawnSync`'s
 * result, its output as text; `options` go to `spawnSync` (a `timeout`, say).
 */
export function scriptRunner(name, options = {}) {
  const path = fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));
  return (...args) => spawnSync(process.execPath, [path, ...args], { encoding: 'utf8', ...options });
}
