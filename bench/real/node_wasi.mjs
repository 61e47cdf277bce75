// Runs a WASI preview1 command under node's V8, as run_real.py runs `strata run`: one directory
// preopened as GUEST_DIR and as `.` (where relative paths land), HOME set to it, the given
// argv[0] and arguments, and the guest's exit code.
//
//   node [V8 flags] node_wasi.mjs PROGRAM.wasm HOST_DIR GUEST_DIR ARGV0 [ARG...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [wasmPath, hostDir, guestDir, argv0, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [argv0, ...args],
  env: { HOME: guestDir },
  preopens: { [guestDir]: hostDir, '.': hostDir },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
