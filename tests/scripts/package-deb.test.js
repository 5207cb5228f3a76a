// scripts/package-deb.sh's package, installed with dpkg into a throwaway root (`dpkg --root`,
// its maintainer scripts run with DPKG_ROOT): the node runs from there, systemd-analyze verifies
// the installed unit, the postinst made the `fairshare` user and its home, an edited conffile
// survives a reinstall, and a purge leaves the keys' directory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BINARY } from '../lib/node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = (command, args, options = {}) => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

/** A root with nothing but the files dpkg and useradd read: root's account and an empty dpkg database. */
function throwawayRoot(dir) {
  const root = join(dir, 'root');
  for (const path of ['etc', 'var/lib/dpkg/info', 'var/lib/dpkg/updates']) mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
  writeFileSync(join(root, 'etc/shadow'), 'root:*:20000:0:99999:7:::\n', { mode: 0o600 });
  writeFileSync(join(root, 'etc/gshadow'), 'root:*::\n', { mode: 0o600 });
  writeFileSync(join(root, 'var/lib/dpkg/status'), '');
  return root;
}

/**
 * dpkg on the throwaway root. Its database knows none of the system's packages, so the
 * dependencies (libc6, libssl3, …, which this machine has) cannot be checked there.
 */
const dpkg = (root, ...args) => run('dpkg', ['--root', root, '--force-script-chrootless', '--force-depends', '--log', '/dev/null', ...args]);

test('the .deb installs into a throwaway root: the node runs, the unit verifies, the user is made, the conffile kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fairshare-deb-'));
  try {
    const deb = run('bash', ['scripts/package-deb.sh', '--binary', NODE_BINARY, dir], { cwd: ROOT }).trim().split('\n').pop();
    const version = run(NODE_BINARY, ['--version']).trim();
    const [, semver, commit] = version.match(/^fairshare-node (\d+\.\d+\.\d+)(?:-([0-9a-f]+))?$/);
    const count = run('git', ['rev-list', '--count', 'HEAD'], { cwd: ROOT }).trim();
    const debVersion = commit ? `${semver}+git${count}.${commit}` : semver;
    assert.equal(basename(deb), `fairshare-node_${debVersion}_amd64.deb`);
    assert.equal(run('dpkg-deb', ['--field', deb, 'Version']).trim(), debVersion);
    const contents = run('dpkg-deb', ['--contents', deb]);
    for (const path of ['./usr/bin/fairshare-node', './lib/systemd/system/fairshare-node.service', './etc/default/fairshare-node',
      './usr/share/doc/fairshare-node/validator.md']) {
      assert.match(contents, new RegExp(` ${path.replaceAll('.', '\\.')}\\n`), path);
    }

    const root = throwawayRoot(dir);
    dpkg(root, '-i', deb);
    assert.equal(run(join(root, 'usr/bin/fairshare-node'), ['--version']).trim(), version);
    // The unit as installed, its ExecStart and paths resolved inside the root, next to the
    // system's targets and slices that any unit is ordered against.
    for (const unit of readdirSync('/lib/systemd/system').filter((name) => /\.(target|slice)$/.test(name))) {
      copyFileSync(join('/lib/systemd/system', unit), join(root, 'lib/systemd/system', unit));
    }
    run('systemd-analyze', ['verify', `--root=${root}`, '/lib/systemd/system/fairshare-node.service']);

    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const [, uid, gid] = passwd.match(/^fairshare:x:(\d+):(\d+):[^:]*:\/var\/lib\/fairshare:\/usr\/sbin\/nologin$/m);
    assert.ok(Number(uid) < 1000, `a system user, uid ${uid}`);
    const home = statSync(join(root, 'var/lib/fairshare'));
    assert.deepEqual([home.uid, home.gid, home.mode & 0o777], [Number(uid), Number(gid), 0o750]);
    assert.equal(run('dpkg-query', ['--root', root, '-W', '-f', '${Status} ${Version}', 'fairshare-node']), `install ok installed ${debVersion}`);

    // An operator's flags survive a reinstall; the user is not made twice.
    const defaults = join(root, 'etc/default/fairshare-node');
    writeFileSync(defaults, `${readFileSync(defaults, 'utf8')}FAIRSHARE_NODE_FLAGS="$FAIRSHARE_NODE_FLAGS --name validator-1"\n`);
    dpkg(root, '--force-confold', '-i', deb);
    assert.match(readFileSync(defaults, 'utf8'), /--name validator-1/);
    assert.equal(readFileSync(join(root, 'etc/passwd'), 'utf8').match(/^fairshare:/gm).length, 1);

    // A purge takes the binary and the conffile, and leaves the keys' directory and its user.
    dpkg(root, '--purge', 'fairshare-node');
    assert.equal(existsSync(join(root, 'usr/bin/fairshare-node')), false);
    assert.equal(existsSync(defaults), false);
    assert.equal(existsSync(join(root, 'var/lib/fairshare')), true);
    assert.match(readFileSync(join(root, 'etc/passwd'), 'utf8'), /^fairshare:/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
