#!/usr/bin/env python3
"""Runs one WASI test program natively and as wasm on one engine, each in a fresh directory,
and fails unless stdout, stderr, the exit code and the files left behind are the same.

  run_program.py --strata build/bin/strata --engine interp --source programs/files.c \
                 --wasm build/test/wasi/files.wasm --native build/test/wasi/files.native

The source's header lines configure the run:
  // wasi-test: args ARG...        the arguments (shell quoting)
  // wasi-test: env KEY=VALUE      one environment variable (the whole environment is these)
  // wasi-test: stdin lines N      N generated lines on stdin (default: an empty file)
  // wasi-test: ro-dir NAME        a directory NAME with fixture files, preopened read-only
  // wasi-test: expect-trap        the program aborts: exit code 134 both ways, and the wasm
                                   run's stderr holds the trap and its stack trace
  // wasi-test: wasm-flags ...     extra flags for the wasm build (read by CMake)
"""
import argparse
import difflib
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile

from engine_config import add_engine_arguments, engine_flags

TIMEOUT = 300


def directives(source):
    config = {"args": [], "env": {}, "stdin": None, "ro_dirs": [], "expect_trap": False}
    with open(source, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("// wasi-test:"):
                continue
            key, _, value = line[len("// wasi-test:"):].strip().partition(" ")
            if key == "args":
                config["args"] = shlex.split(value)
            elif key == "env":
                name, _, text = value.partition("=")
                config["env"][name] = text
            elif key == "stdin":
                kind, _, count = value.partition(" ")
                assert kind == "lines", f"unknown stdin kind {kind}"
                config["stdin"] = int(count)
            elif key == "ro-dir":
                config["ro_dirs"].append(value)
            elif key == "expect-trap":
                config["expect_trap"] = True
            elif key != "wasm-flags":
                raise SystemExit(f"{source}: unknown directive {key}")
    return config


def stdin_bytes(lines):
    """Deterministic text: numbered lines of varying length."""
    state = 0x2545F4914F6CDD1D
    out = []
    for i in range(lines or 0):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        width = 8 + (state >> 33) % 90
        word = "".join(chr(ord("a") + (state >> (k % 40)) % 26) for k in range(width))
        out.append(f"{i:06d} {word}\n")
    return "".join(out).encode()


def make_fixture(path):
    os.makedirs(os.path.join(path, "sub"))
    with open(os.path.join(path, "a.txt"), "w") as f:
        f.write("alpha\n" * 10)
    with open(os.path.join(path, "b.txt"), "w") as f:
        f.write("".join(f"beta {i}\n" for i in range(500)))
    with open(os.path.join(path, "sub", "nested.txt"), "w") as f:
        f.write("nested\n")


def snapshot(root):
    """Every path under root: its kind and contents (files), target (links)."""
    tree = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            key = os.path.relpath(path, root)
            if os.path.islink(path):
                tree[key] = ("link", os.readlink(path))
            elif os.path.isdir(path):
                tree[key] = ("dir",)
            else:
                with open(path, "rb") as f:
                    data = f.read()
                tree[key] = ("file", len(data), hashlib.sha256(data).hexdigest())
    return tree


def run(command, cwd, env, stdin_path, executable=None):
    with open(stdin_path, "rb") as stdin:
        result = subprocess.run(command, cwd=cwd, env=env, stdin=stdin, capture_output=True,
                                timeout=TIMEOUT, executable=executable)
    code = result.returncode
    return (128 - code if code < 0 else code), result.stdout, result.stderr


def show_difference(what, native, wasm):
    print(f"{what} differs:")
    lines = difflib.unified_diff(native.decode(errors="replace").splitlines(),
                                 wasm.decode(errors="replace").splitlines(),
                                 "native", "wasm", lineterm="", n=2)
    for i, line in enumerate(lines):
        if i == 60:
            print("  ...")
            break
        print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    add_engine_arguments(parser)
    parser.add_argument("--source", required=True)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--native", required=True)
    args = parser.parse_args()
    config = directives(args.source)
    name = os.path.splitext(os.path.basename(args.source))[0]

    with tempfile.TemporaryDirectory(prefix=f"wasi-{name}-") as scratch:
        stdin_path = os.path.join(scratch, "stdin.txt")
        with open(stdin_path, "wb") as f:
            f.write(stdin_bytes(config["stdin"]))
        roots = {}
        for side in ("native", "wasm"):
            work = os.path.join(scratch, side, "work")
            os.makedirs(work)
            for ro in config["ro_dirs"]:
                make_fixture(os.path.join(work, ro))
            roots[side] = work

        native = run([name] + config["args"], roots["native"], config["env"], stdin_path,
                     executable=os.path.abspath(args.native))
        command = [os.path.abspath(args.strata), "run", *engine_flags(args),
                   f"--dir={roots['wasm']}::.", f"--argv0={name}"]
        command += [f"--ro-dir={roots['wasm']}/{ro}::{ro}" for ro in config["ro_dirs"]]
        command += [f"--env={key}={value}" for key, value in config["env"].items()]
        command += ["--", os.path.abspath(args.wasm)] + config["args"]
        wasm = run(command, os.path.join(scratch, "wasm"), None, stdin_path)

        failures = 0
        if native[0] != wasm[0]:
            print(f"exit code: native {native[0]}, wasm {wasm[0]}")
            failures += 1
        if native[1] != wasm[1]:
            show_difference("stdout", native[1], wasm[1])
            failures += 1
        if config["expect_trap"]:
            if native[0] != 134 or b"trap: unreachable" not in wasm[2] or b"\n  at " not in wasm[2]:
                print("expected a trap with a stack trace; wasm stderr:")
                print(wasm[2].decode(errors="replace"))
                failures += 1
        elif native[2] != wasm[2]:
            show_difference("stderr", native[2], wasm[2])
            failures += 1
        trees = {side: snapshot(root) for side, root in roots.items()}
        if trees["native"] != trees["wasm"]:
            print("files differ:")
            for key in sorted(set(trees["native"]) | set(trees["wasm"])):
                if trees["native"].get(key) != trees["wasm"].get(key):
                    print(f"  {key}: native {trees['native'].get(key)}, "
                          f"wasm {trees['wasm'].get(key)}")
            failures += 1
        print(f"{name} on {args.engine}: exit {wasm[0]}, {len(wasm[1])} bytes of stdout, "
              f"{len(wasm[2])} of stderr, {len(trees['wasm'])} paths written: "
              f"{'same as native' if not failures else 'DIFFERENT'}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
