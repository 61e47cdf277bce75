#!/usr/bin/env python3
"""Runs sandbox/escape.wasm in a sandbox with links pointing out of it, compares its output
with escape.expected, and fails if anything outside the writable preopen changed.

  run_sandbox.py --strata build/bin/strata --engine interp --wasm escape.wasm \
                 --expected sandbox/escape.expected

Layout, in a fresh directory:
  outside/secret.txt, outside/dir/       must stay untouched
  sandbox/                               preopened as "." (fd 3)
    inside.txt, sub/, loop -> loop
    link_abs -> /abs/path/outside/secret.txt, link_up -> ../outside/secret.txt,
    sub/link_upup -> ../../outside, link_dir_up -> .., link_self -> .
  readonly/data.txt, readonly/dir/       preopened read-only as "ro" (fd 4)
"""
import argparse
import difflib
import os
import subprocess
import sys
import tempfile

from engine_config import add_engine_arguments, engine_flags


def snapshot(root):
    """Names, kinds, contents, link targets and modification times under root."""
    tree = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            entry = [info.st_mode, info.st_mtime_ns, info.st_nlink]
            if os.path.islink(path):
                entry.append(os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    entry.append(f.read())
            tree[os.path.relpath(path, root)] = entry
    return tree


def build(scratch):
    def write(path, text):
        with open(os.path.join(scratch, path), "w") as f:
            f.write(text)

    for directory in ("outside/dir", "sandbox/sub", "readonly/dir"):
        os.makedirs(os.path.join(scratch, directory))
    write("outside/secret.txt", "secret\n")
    write("sandbox/inside.txt", "inside\n")
    write("readonly/data.txt", "read-only data\n")
    links = {
        "sandbox/link_abs": os.path.join(scratch, "outside", "secret.txt"),
        "sandbox/link_up": "../outside/secret.txt",
        "sandbox/sub/link_upup": "../../outside",
        "sandbox/link_dir_up": "..",
        "sandbox/link_self": ".",
        "sandbox/loop": "loop",
    }
    for link, target in links.items():
        os.symlink(target, os.path.join(scratch, link))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    add_engine_arguments(parser)
    parser.add_argument("--wasm", required=True)
    parser.add_argument("--expected", required=True)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wasi-sandbox-") as scratch:
        build(scratch)
        before = {name: snapshot(os.path.join(scratch, name))
                  for name in ("outside", "readonly")}
        sandbox_before = snapshot(os.path.join(scratch, "sandbox"))
        command = [os.path.abspath(args.strata), "run", *engine_flags(args),
                   "--dir=sandbox::.", "--ro-dir=readonly::ro", "--env=SANDBOX=yes",
                   os.path.abspath(args.wasm)]
        with open(os.devnull, "rb") as stdin:
            result = subprocess.run(command, cwd=scratch, stdin=stdin, capture_output=True,
                                    timeout=300)
        failures = 0
        with open(args.expected) as f:
            expected = f.read()
        actual = result.stdout.decode(errors="replace")
        if actual != expected:
            print("output differs from escape.expected:")
            for line in difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                             "expected", "actual", lineterm=""):
                print("  " + line)
            failures += 1
        if result.returncode != 0:
            print(f"exit code {result.returncode}; stderr:\n{result.stderr.decode(errors='replace')}")
            failures += 1
        for name, tree in before.items():
            if snapshot(os.path.join(scratch, name)) != tree:
                print(f"{name}/ changed")
                failures += 1
        if sorted(os.listdir(scratch)) != ["outside", "readonly", "sandbox"]:
            print(f"something appeared next to the preopens: {sorted(os.listdir(scratch))}")
            failures += 1
        # The sandbox itself: only mtimes of directories may change (entries made and removed).
        after = snapshot(os.path.join(scratch, "sandbox"))
        strip = lambda tree: {k: [v[0]] + v[2:] for k, v in tree.items()}
        if strip(after) != strip(sandbox_before):
            print(f"the sandbox's contents changed: {sorted(set(after) ^ set(sandbox_before))}")
            failures += 1
        lines = actual.count("\n")
        print(f"sandbox on {args.engine}: {lines} checks, "
              f"{'as expected, nothing outside touched' if not failures else 'FAILED'}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
