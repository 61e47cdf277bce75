"""Ahead-of-time objects: `strata compile --emit=obj` writes them and the jit engine runs
them (--option=aot-object=FILE) with the results of compiling in the process, traps and their
stack traces included; an object for another module, architecture or bounds-check mode, a
file that is no such object and a missing file are refused with the reason, and strata exits
cleanly. Runs on the machine strata was built for (under qemu-user for a cross build).

  check_aot.py --strata build/bin/strata --modules build/test/aot --program PROGRAM.wasm
"""
import argparse
import os
import subprocess
import sys
import tempfile

failures = []
# ELF e_machine -> (LLVM's architecture name, a triple of the other architecture).
MACHINES = {62: ("x86_64", "aarch64-linux-gnu"), 183: ("aarch64", "x86_64-linux-gnu")}


def run(command):
    return subprocess.run(command, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)


def check(name, ok, result=None):
    print(f"{name}: {'ok' if ok else 'FAILED'}")
    if not ok:
        if result is not None:
            print(f"    exit code {result.returncode}\n    stdout {result.stdout[:2000]!r}\n"
                  f"    stderr {result.stderr[:2000]!r}")
        failures.append(name)


def architecture(binary):
    """strata's own architecture, from its ELF header (python may run on another one)."""
    with open(binary, "rb") as f:
        header = f.read(20)
    return MACHINES[int.from_bytes(header[18:20], "little")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", required=True)
    parser.add_argument("--modules", required=True)
    parser.add_argument("--program", required=True, help="a program of the suite (export run)")
    args = parser.parse_args()
    strata = args.strata
    module = os.path.join(args.modules, "aot.wasm")
    other = os.path.join(args.modules, "other.wasm")
    arch, other_triple = architecture(strata)
    this_triple = f"{arch}-linux-gnu"

    with tempfile.TemporaryDirectory() as tmp:
        def compile_object(name, wasm, *flags):
            path = os.path.join(tmp, name)
            result = run([strata, "compile", "--emit=obj", *flags, wasm, "-o", path])
            check(f"compile {name} {' '.join(flags)}", result.returncode == 0, result)
            return path

        def invoke(obj, *rest, wasm=module, flags=()):
            return run([strata, "invoke", "--engine=jit", f"--option=aot-object={obj}", *flags,
                        wasm, *rest])

        # For this CPU, and for the architecture's baseline (portable to any CPU of it).
        for name, flags in [("host.o", ()), ("baseline.o", (f"--target={this_triple}",))]:
            obj = compile_object(name, module, *flags)
            for export, argument, expected in [("fib", "20", "6765"), ("load", "65532", "0"),
                                               ("fib_indirect", "15", "610")]:
                result = invoke(obj, export, argument)
                check(f"{name}: {export}({argument}) = {expected}",
                      result.returncode == 0 and result.stdout.split() == [expected], result)
            # The same trap and stack trace as the whole module compiled in the process.
            eager = run([strata, "invoke", "--engine=jit", "--option=compilation=eager", module,
                         "load_via", "65533"])
            result = invoke(obj, "load_via", "65533")
            check(f"{name}: an out-of-bounds load in a callee traps with its stack trace",
                  result.returncode == 1 and "out of bounds memory access" in result.stderr
                  and "at func[" in result.stderr and result.stderr == eager.stderr, result)
            result = invoke(obj, "fib", "10", flags=("--stats",))
            check(f"{name}: --stats says the code was loaded, not compiled",
                  result.returncode == 0 and '"mode":"ahead-of-time"' in result.stderr, result)

        text_file = os.path.join(tmp, "text.o")
        with open(text_file, "w") as f:
            f.write("not machine code\n")

        # Explicit bounds checks: loaded with that option, refused without it.
        explicit = compile_object("explicit.o", module, "--bounds-checks=explicit")
        result = invoke(explicit, "load_via", "65533", flags=("--option=bounds-checks=explicit",))
        check("explicit checks: the trap", result.returncode == 1
              and "out of bounds memory access" in result.stderr, result)
        refusals = [
            ("guard pages expected", invoke(explicit, "fib", "5"),
             "compiled with bounds-checks=explicit"),
            ("another module", invoke(compile_object("other.o", other), "fib", "5"),
             "compiled from another module"),
            ("another architecture",
             invoke(compile_object("other-arch.o", module, f"--target={other_triple}"), "fib",
                    "5"), f"holds {other_triple.split('-')[0]} code"),
            ("not an object", invoke(text_file, "fib", "5"), "not an object file"),
            ("an object without a stamp", invoke(module, "fib", "5"), "no strata-aot-1 stamp"),
            ("a missing file", invoke(os.path.join(tmp, "missing.o"), "fib", "5"),
             "missing.o"),
        ]
        for name, result, reason in refusals:
            check(f"refused: {name}", result.returncode in (1, 2) and "ahead-of-time object" in
                  result.stderr and reason in result.stderr, result)

        # A C program of the suite: the same output as compiling in the process.
        program = compile_object("program.o", args.program)
        expected = run([strata, "invoke", "--engine=jit", args.program, "run"])
        result = invoke(program, "run", wasm=args.program)
        check("a program of the suite prints what jit compiling in the process prints",
              result.returncode == 0 and expected.returncode == 0
              and result.stdout == expected.stdout and result.stdout.strip() != "", result)

    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
