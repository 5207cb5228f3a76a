// The CPU time a process used, from /proc: for the benchmarks that report what each process
// cost (scripts/bench-gateway.mjs, scripts/bench-verify-receipts.mjs).

import { readFileSync, readdirSync } from 'node:fs';

/** The kernel's clock ticks a second, in which /proc counts CPU time (USER_HZ). */
const CLOCK_TICKS = 100;

/** The CPU time, in seconds, process `pid` (all its threads) and each of its descendants used so far: [own, descendants]. */
export function cpuTime(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Past the command name, in parentheses: field 3 on; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  let descendants = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
      const [childOwn, childDescendants] = cpuTime(child);
      descendants += childOwn + childDescendants;
    }
  }
  return [own, descendants];
}
