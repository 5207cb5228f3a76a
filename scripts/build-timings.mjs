#!/usr/bin/env node
// Prints where a cargo build's time went, from the report `cargo build --timings` writes
// (scripts/test.sh builds the node that way when FAIRSHARE_CARGO_TIMINGS=1): the wall time, the
// number of units and their summed time, and the longest units. The figures in docs/build.md's
// "Where the time goes" come from it.
//
//   node scripts/build-timings.mjs [report.html] [--top N]
//
// Without a path it reads $CARGO_TARGET_DIR/cargo-timings/cargo-timing.html (the newest report;
// the target directory defaults as in scripts/common.sh).

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A wrong command line: exit status 2, with the usage. */
function usage(message) {
  console.error(`build-timings: ${message}\nusage: node scripts/build-timings.mjs [report.html] [--top N]`);
  process.exit(2);
}

/** A report that cannot be read: exit status 1. */
function fail(message) {
  console.error(`build-timings: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { top: 15, path: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') {
      const value = argv[++i];
      args.top = Number(value);
      if (value === undefined || !Number.isInteger(args.top) || args.top < 1) {
        usage(`--top wants a positive whole number, got ${value ?? 'nothing'}`);
      }
    } else if (argv[i].startsWith('-')) {
      usage(`unknown option ${argv[i]}`);
    } else if (args.path === undefined) {
      args.path = argv[i];
    } else {
      usage(`unexpected argument ${argv[i]}`);
    }
  }
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/fairshare/target');
  args.path ??= join(target, 'cargo-timings/cargo-timing.html');
  return args;
}

/** The report's units (cargo's `UNIT_DATA`) and its "Total time" cell, in seconds. */
function readReport(path) {
  let html;
  try {
    html = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path}: ${error.message} (build with --timings first)`);
  }
  const units = html.match(/const UNIT_DATA = (\[.*?\]);/s);
  const total = html.match(/<td>Total time:<\/td><td>([\d.]+)s/);
  if (!units || !total) fail(`${path} is not a cargo --timings report (no UNIT_DATA or Total time)`);
  let parsed;
  try {
    parsed = JSON.parse(units[1]);
  } catch (error) {
    fail(`${path}: its UNIT_DATA is not JSON (${error.message})`);
  }
  const wellFormed = (unit) => typeof unit?.name === 'string' && typeof unit.version === 'string' &&
    typeof unit.target === 'string' && Number.isFinite(unit.duration);
  if (!Array.isArray(parsed) || !parsed.every(wellFormed)) {
    fail(`${path}: its UNIT_DATA is not a list of units with a name, version, target and duration`);
  }
  return { units: parsed, wall: Number(total[1]) };
}

/** A unit as cargo's report names it: the crate, its version, and what was built of it. */
const unitName = ({ name, version, target }) => `${name} v${version}${target}`;

const { path, top } = parseArgs(process.argv.slice(2));
const { units, wall } = readReport(path);
const unitTime = units.reduce((sum, unit) => sum + unit.duration, 0);
console.log(`report: ${path}`);
console.log(`wall time: ${wall.toFixed(1)} s; ${units.length} units; unit time: ${unitTime.toFixed(1)} s`);
console.log(`the ${top} longest units:`);
for (const unit of [...units].sort((a, b) => b.duration - a.duration).slice(0, top)) {
  console.log(`${unit.duration.toFixed(1).padStart(8)} s  ${unitName(unit)}`);
}
