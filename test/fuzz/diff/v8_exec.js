#!/usr/bin/env node
// The V8 reference of the differential fuzzer: runs one module and prints the common output
// protocol (README.md): a `call` line per exported function with its `log` lines and its
// `result` or `trap`, then the exported memories and globals.
//
//   node --no-turbo-fast-api-calls v8_exec.js FILE.wasm
'use strict';

const fs = require('fs');

const LOG_IMPORTS = new Set(['log-i32', 'log-i64', 'log-f32', 'log-f64']);
const VALUE_TYPES = {
  0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128',
  0x70: 'funcref', 0x6f: 'externref',
};

// The parts of the binary that the JS API does not show: function and global types.
function parseModule(bytes) {
  let pos = 0;
  const byte = () => bytes[pos++];
  const uleb = () => {
    let result = 0, shift = 0, b;
    do {
      b = byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const name = () => {
    const length = uleb();
    const text = Buffer.from(bytes.subarray(pos, pos + length)).toString('utf8');
    pos += length;
    return text;
  };
  const valueType = () => {
    const code = byte();
    if (!(code in VALUE_TYPES)) throw new Error(`unknown value type 0x${code.toString(16)}`);
    return VALUE_TYPES[code];
  };
  const limits = () => {
    const flags = byte();
    uleb();
    if (flags & 1) uleb();
  };
  const module = { types: [], functions: [], globals: [], imports: [], exports: [] };
  pos = 8;
  while (pos < bytes.length) {
    const id = byte();
    const size = uleb();
    const end = pos + size;
    if (id === 1) {
      for (let count = uleb(); count > 0; count--) {
        if (byte() !== 0x60) throw new Error('unknown type form');
        const params = [], results = [];
        for (let n = uleb(); n > 0; n--) params.push(valueType());
        for (let n = uleb(); n > 0; n--) results.push(valueType());
        module.types.push({ params, results });
      }
    } else if (id === 2) {
      for (let count = uleb(); count > 0; count--) {
        const entry = { module: name(), field: name(), kind: byte() };
        module.imports.push(entry);
        if (entry.kind === 0) module.functions.push(module.types[uleb()]);
        else if (entry.kind === 1) { byte(); limits(); }
        else if (entry.kind === 2) limits();
        else { module.globals.push(valueType()); byte(); }
      }
    } else if (id === 3) {
      for (let count = uleb(); count > 0; count--) module.functions.push(module.types[uleb()]);
    } else if (id === 6) {
      for (let count = uleb(); count > 0; count--) {
        module.globals.push(valueType());
        byte();
        skipConstExpr();
      }
    } else if (id === 7) {
      for (let count = uleb(); count > 0; count--)
        module.exports.push({ name: name(), kind: byte(), index: uleb() });
    }
    pos = end;
  }
  return module;

  function skipConstExpr() {
    for (;;) {
      const op = byte();
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) skipLeb();
      else if (op === 0x43) pos += 4;
      else if (op === 0x44) pos += 8;
      else if (op === 0xd0) byte();
      else if (op === 0xfd) { uleb(); pos += 16; } // v128.const
      else if (op >= 0x6a && op <= 0x7c) continue; // extended-const arithmetic
      else throw new Error(`unknown constant instruction 0x${op.toString(16)}`);
    }
  }
  function skipLeb() {
    while (byte() & 0x80);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

function formatValue(type, value) {
  switch (type) {
    case 'i32':
      return `i32:${value | 0}`;
    case 'i64':
      return `i64:${BigInt.asIntN(64, value)}`;
    case 'f32':
      if (Number.isNaN(value)) return 'f32:nan';
      scratch.setFloat32(0, value);
      return `f32:0x${scratch.getUint32(0).toString(16).padStart(8, '0')}`;
    case 'f64':
      if (Number.isNaN(value)) return 'f64:nan';
      scratch.setFloat64(0, value);
      return `f64:0x${scratch.getBigUint64(0).toString(16).padStart(16, '0')}`;
    case 'funcref':
    case 'externref':
      return `${type}:${value === null ? 'null' : 'nonnull'}`;
    default:
      return `${type}:?`;
  }
}

function zeroValue(type) {
  if (type === 'i64') return 0n;
  if (type === 'funcref' || type === 'externref') return null;
  return 0;
}

// V8's trap messages, in the canonical kinds of the protocol.
const TRAP_KINDS = [
  ['unreachable', 'unreachable'],
  ['memory access out of bounds', 'memory-out-of-bounds'],
  ['data segment out of bounds', 'memory-out-of-bounds'],
  ['data segment is out of bounds', 'memory-out-of-bounds'],
  ['data segment has been dropped', 'memory-out-of-bounds'],
  ['table index is out of bounds', 'table-out-of-bounds'],
  ['table access out of bounds', 'table-out-of-bounds'],
  ['element segment out of bounds', 'table-out-of-bounds'],
  ['element segment is out of bounds', 'table-out-of-bounds'],
  ['element segment has been dropped', 'table-out-of-bounds'],
  ['invalid index into function table', 'table-out-of-bounds'],
  ['null function or function signature mismatch', 'indirect-call'],
  ['function signature mismatch', 'indirect-call'],
  ['dereferencing a null pointer', 'null-reference'],
  ['divide by zero', 'integer-divide-by-zero'],
  ['remainder by zero', 'integer-divide-by-zero'],
  ['divide result unrepresentable', 'integer-overflow'],
  ['float unrepresentable in integer range', 'invalid-conversion'],
  ['Maximum call stack size exceeded', 'call-stack-exhausted'],
];

function trapKind(error) {
  const message = String(error && error.message !== undefined ? error.message : error)
    .replace(/^WebAssembly\.\w+\(\): /, '');
  if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
    for (const [text, kind] of TRAP_KINDS)
      if (message.startsWith(text)) return kind;
  }
  return `other:${(error && error.constructor ? error.constructor.name + ': ' : '') + message}`
    .replace(/\s+/g, ' ');
}

// FNV-1a 64 in two 32-bit halves (BigInt is too slow for whole memories).
function fnv1a64(bytes) {
  let hi = 0xcbf29ce4, lo = 0x84222325;
  const TWO32 = 4294967296;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / TWO32);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % TWO32;
    lo = low % TWO32;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node v8_exec.js FILE.wasm\n');
    process.exit(2);
  }
  const bytes = new Uint8Array(fs.readFileSync(file));
  const lines = [];
  const print = (line) => lines.push(line);
  const flush = () => process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');

  let info;
  try {
    info = parseModule(bytes);
  } catch (error) {
    print(`instantiate-error`);
    process.stderr.write(`cannot parse ${file}: ${error.message}\n`);
    return flush();
  }
  if (info.imports.some((i) => i.module !== 'fuzzing-support' || !LOG_IMPORTS.has(i.field)
      || i.kind !== 0)) {
    print('unsupported');
    return flush();
  }
  const log = (type) => (value) => print(`log ${formatValue(type, value)}`);
  const imports = { 'fuzzing-support': {} };
  for (const type of ['i32', 'i64', 'f32', 'f64']) imports['fuzzing-support'][`log-${type}`] = log(type);

  let instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError)
      print(`instantiate-trap ${trapKind(error)}`);
    else {
      print('instantiate-error');
      process.stderr.write(`${error}\n`);
    }
    return flush();
  }

  // After every call, so that a store made too early or too late before a trap shows.
  const printMemories = () => {
    for (const entry of info.exports)
      if (entry.kind === 2) {
        const buffer = new Uint8Array(instance.exports[entry.name].buffer);
        print(`memory ${entry.name} ${buffer.length / 65536} ${fnv1a64(buffer)}`);
      }
  };
  const hangLimit = info.exports.find((e) => e.kind === 0 && e.name === 'hangLimitInitializer');
  for (const entry of info.exports) {
    if (entry.kind !== 0 || entry.name === 'hangLimitInitializer') continue;
    const type = info.functions[entry.index];
    print(`call ${entry.name}`);
    try {
      if (hangLimit) instance.exports.hangLimitInitializer();
      const result = instance.exports[entry.name](...type.params.map(zeroValue));
      const values = type.results.length === 1 ? [result] : type.results.length ? [...result] : [];
      print(['result', ...type.results.map((t, i) => formatValue(t, values[i]))].join(' '));
    } catch (error) {
      print(`trap ${trapKind(error)}`);
    }
    printMemories();
  }
  for (const entry of info.exports) {
    if (entry.kind === 3) {
      const type = info.globals[entry.index];
      print(`global ${entry.name} ${formatValue(type, instance.exports[entry.name].value)}`);
    }
  }
  flush();
}

main();
