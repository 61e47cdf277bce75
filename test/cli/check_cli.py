"""The strata command line: every command's --help and -h, the error for an unknown option,
and the arguments that must stay positional (a guest's own options, negative numbers).

  check_cli.py --strata build/bin/strata --modules build/test/cli
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

failures = []


def strata(args, command):
    return subprocess.run([args.strata, *command], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def check(name, ok, result):
    print(f"{name}: {'ok' if ok else 'FAILED'}")
    if not ok:
        print(f"    exit code {result.returncode}\n    stdout {result.stdout[:2000]!r}\n"
              f"    stderr {result.stderr[:2000]!r}")
        failures.append(name)


def commands(args):
    """The commands `strata --help` lists."""
    result = strata(args, ["--help"])
    listed = re.findall(r"^  ([a-z-]+) +\S", result.stdout.split("commands:")[-1], re.M)
    check("strata --help lists the commands", result.returncode == 0 and len(listed) >= 8,
          result)
    return listed


def help_options(text):
    """The option names in a --help text, each with its description; None when a line under an
    options heading has no description."""
    options = {}
    section = False
    name = None
    for line in text.splitlines():
        if line.endswith("options:"):
            section = True
            continue
        if not section or not line.strip():
            continue
        match = re.match(r"^  (-\w, )?(--?[\w-]+)(\S*)( +(\S.*))?$", line)
        if match:
            name = match.group(2)
            options[name] = match.group(5)
        elif re.match(r"^ {20,}\S", line) and name and options[name] is None:
            options[name] = line.strip()  # the description under a long spelling
    return options


def check_help(args, command):
    options = None
    for flag in ["--help", "-h"]:
        result = strata(args, [command, flag])
        found = help_options(result.stdout)
        ok = (result.returncode == 0 and result.stdout.startswith(f"usage: strata {command} ")
              and not result.stderr and "--help" in found
              and all(description for description in found.values()))
        check(f"strata {command} {flag}", ok, result)
        options = found
    return options


def check_unknown_option(args, command, options):
    result = strata(args, [command, "--no-such-option", "x"])
    message = result.stderr.strip()
    listed = message.split("the options are ")[-1].split(", ")
    ok = (result.returncode == 2 and "\n" not in message
          and message.startswith(f"strata {command}: unknown option --no-such-option;")
          and set(listed) == set(options))
    check(f"strata {command} --no-such-option", ok, result)


def check_positionals(args):
    negate = os.path.join(args.modules, "negate.wasm")
    echo = os.path.join(args.modules, "echo_args.wasm")
    result = strata(args, ["invoke", negate, "negate", "-5"])
    check("invoke: a negative argument", result.returncode == 0 and result.stdout == "5\n",
          result)
    result = strata(args, ["invoke", "--stats", negate, "negate", "-7"])
    check("invoke: --stats leaves FILE.wasm alone",
          result.returncode == 0 and result.stdout == "7\n" and '"engine"' in result.stderr,
          result)
    result = strata(args, ["invoke", "--engine=no-such-engine", "--engine=interp", negate, "negate", "1"])
    check("invoke: a later engine option wins",
          result.returncode == 0 and result.stdout == "-1\n", result)
    result = strata(args, ["invoke", "--engine", negate, "negate", "1"])
    check("invoke: a long option's value follows '='",
          result.returncode == 2 and "--engine=NAME" in result.stderr, result)
    result = strata(args, ["run", "--argv0=prog", echo, "-x", "--help", "--", "y"])
    check("run: the arguments after the module are the guest's",
          result.returncode == 0 and result.stdout == "prog\n-x\n--help\n--\ny\n", result)
    result = strata(args, ["run", "--", echo, "-1"])
    check("run: -- ends strata's options",
          result.returncode == 0 and result.stdout == f"{echo}\n-1\n", result)
    with tempfile.TemporaryDirectory() as scratch:
        result = strata(args, ["compile", "--emit=asm", negate, "-O", "1", "-o",
                               os.path.join(scratch, "negate.s")])
        check("compile: options after the module",
              result.returncode == 0 and os.path.exists(os.path.join(scratch, "negate.s")),
              result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    parser.add_argument("--modules", required=True, help="negate.wasm and echo_args.wasm")
    args = parser.parse_args()
    for command in commands(args):
        options = check_help(args, command)
        check_unknown_option(args, command, options)
    check_positionals(args)
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
