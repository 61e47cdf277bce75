// Runs a WASI preview1 command under node's V8, as run_real.py runs `strata run`: one directory
// preopened as GUEST_DIR and as `.` (where relative paths land), HOME set to it, the given
// argv[0] and arguments, and the guest's exit code. Options before the module add preopens
// (--dir=HOST::GUEST) and environment variables (--env=NAME=VALUE).
//
//   node [V8 flags] node_wasi.mjs [--dir=HOST::GUEST]... [--env=NAME=VALUE]... PROGRAM.wasm
//        HOST_DIR GUEST_DIR ARGV0 [ARG...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
while (argv.length && argv[0].startsWith('--')) {
  const option = argv.shift();
  if (option.startsWith('--dir=')) {
    const [host, guest] = option.slice('--dir='.length).split('::');
    preopens[guest] = host;
  } else if (option.startsWith('--env=')) {
    const setting = option.slice('--env='.length);
    const equals = setting.indexOf('=');
    env[setting.slice(0, equals)] = setting.slice(equals + 1);
  } else {
    throw new Error(`node_wasi.mjs: unknown option ${option}`);
  }
}
const [wasmPath, hostDir, guestDir, argv0, ...args] = argv;
const wasi = new WASI({
  version: 'preview1',
  args: [argv0, ...args],
  env: { HOME: guestDir, ...env },
  preopens: { [guestDir]: hostDir, '.': hostDir, ...preopens },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
