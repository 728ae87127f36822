#!/usr/bin/env node
// Runs the sluice binary of this machine's platform package, which npm installed as an
// optional dependency of sluice-db (npm skips the ones whose "os", "cpu" and "libc" do
// not match). Arguments, standard streams and the exit code pass through unchanged.
'use strict';

const { spawn } = require('child_process');

const platformPackages = {
  'linux arm64': '@sluice-db/linux-arm64',
  'linux x64': '@sluice-db/linux-x64',
};

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2); // sluice's exit code for a usage or installation problem
}

function binaryPath() {
  if (process.env.SLUICE_BINARY) return process.env.SLUICE_BINARY;
  const platform = `${process.platform} ${process.arch}`;
  const packageName = platformPackages[platform];
  if (!packageName) {
    fail(
      `sluice-db has no binary for ${platform}; the supported platforms are: ` +
        `${Object.keys(platformPackages).join(', ')}\n  = help: build sluice from source, ` +
        'and point SLUICE_BINARY at it',
    );
  }
  try {
    return require.resolve(`${packageName}/bin/sluice`);
  } catch {
    return fail(
      `${packageName} is not installed: npm installs it with sluice-db as an optional dependency\n` +
        '  = help: install again without --omit=optional / --no-optional; on Linux the binary needs glibc 2.31 ' +
        'or later (Alpine and other musl systems are not supported)',
    );
  }
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });

// A terminal's Ctrl-C reaches sluice directly (same process group) and sluice decides what
// to do with it (a deploy puts the database back first), so the launcher only waits.
// SIGTERM and SIGHUP, as a CI runner or Kubernetes sends them to this process alone, are
// passed on.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => fail(`cannot run ${binary}: ${error.message}`));
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so that the caller sees what sluice saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code);
});
