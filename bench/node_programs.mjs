// Runs the program suite's full modules on node's V8 as a peer of strata-bench-programs and
// prints Google Benchmark-style JSON that bench/compare.py merges (--json FILE, repeatable):
//   node --no-turbo-fast-api-calls --no-liftoff bench/node_programs.mjs DIR [NAME...] > v8.json
// Each module is compiled and instantiated once; `run` is called once untimed (V8 may tier up
// meanwhile), then timed over --runs calls (default 3); the best call's CPU time is reported
// under the engine name given by --engine (default "v8").
import { readFileSync, readdirSync } from "node:fs";
import { cpuUsage } from "node:process";

const args = process.argv.slice(2);
let engine = "v8";
let runs = 3;
const rest = [];
for (const arg of args) {
  if (arg.startsWith("--engine=")) engine = arg.slice(9);
  else if (arg.startsWith("--runs=")) runs = Number(arg.slice(7));
  else rest.push(arg);
}
const [dir, ...names] = rest;
if (!dir) {
  console.error("usage: node_programs.mjs [--engine=NAME] [--runs=N] DIR [NAME...]");
  process.exit(2);
}
const programs = names.length
  ? names
  : readdirSync(dir)
      .filter((f) => f.endsWith(".wasm") && !f.endsWith(".small.wasm"))
      .map((f) => f.slice(0, -5))
      .sort();

const benchmarks = [];
for (const name of programs) {
  const module = new WebAssembly.Module(readFileSync(`${dir}/${name}.wasm`));
  const { run } = new WebAssembly.Instance(module, {}).exports;
  const expected = run();
  let best = Infinity;
  for (let i = 0; i < runs; ++i) {
    const start = cpuUsage();
    const checksum = run();
    const used = cpuUsage(start);
    if (checksum !== expected) throw new Error(`${name}: checksum changed between calls`);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  benchmarks.push({ run_name: `${engine}/${name}`, cpu_time: best, real_time: best,
                    time_unit: "ms", checksum: String(expected) });
  console.error(`${engine}/${name}: ${best.toFixed(1)} ms`);
}
console.log(JSON.stringify({ benchmarks }, null, 1));
