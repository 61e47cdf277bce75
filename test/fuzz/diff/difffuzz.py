#!/usr/bin/env python3
"""Differential fuzzing of Strata's engines against V8 and wabt on random modules.

For each module of the seed: generate it (generate.py), run the two references (v8_exec.js,
wabt_exec.py), run `strata fuzz-exec` under every configuration, and compare the outputs line
by line (README.md describes the protocol and the rules). Prints one line per failing
(module, configuration) pair and closes with `N passed, N failed`; exits 1 on any failure.

usage: difffuzz.py --strata PATH --seed S --count N [--first K] [--simd]
                   (--config NAME=FLAGS ... | --config-file FILE)
                   [--workdir DIR] [--jobs J] [--keep-failures DIR] [--reduce]
       difffuzz.py --still-fails FILE --strata PATH --config NAME=FLAGS --category KIND
                   --features SET     (wasm-reduce's test: exit 0 while FILE still fails)
"""

import argparse
import collections
import itertools
import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import generate  # noqa: E402

NODE = os.environ.get("NODE", "node")
V8_COMMAND = [NODE, "--no-turbo-fast-api-calls", os.path.join(HERE, "v8_exec.js")]
WABT_COMMAND = [sys.executable, os.path.join(HERE, "wabt_exec.py")]
DEFAULT_CONFIG_FILE = os.path.join(HERE, "configs.txt")

EXHAUSTED = "trap call-stack-exhausted"
AMBIGUOUS_TRAP = "trap invalid-conversion"  # V8 also says this for integer overflow
OVERFLOW_TRAP = "trap integer-overflow"


# ---- configurations -------------------------------------------------------------------------

def parse_config(text):
    name, _, flags = text.partition("=")
    if not name or not flags:
        raise argparse.ArgumentTypeError(f"expected NAME=FLAGS, got `{text}`")
    return name, shlex.split(flags)


def read_config_file(path):
    """Lines `NAME FLAGS...`; `#` starts a comment."""
    configs = []
    with open(path) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if words:
                configs.append((words[0], words[1:]))
    return configs


def add_config_arguments(parser):
    parser.add_argument("--strata", required=True, help="the strata binary")
    parser.add_argument("--config", action="append", type=parse_config, default=[],
                        metavar="NAME=FLAGS", help="a strata configuration (repeatable)")
    parser.add_argument("--config-file", help="configurations, one `NAME FLAGS...` a line "
                        f"(default when no --config: {os.path.relpath(DEFAULT_CONFIG_FILE)})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per process")


def configs_from(args):
    configs = list(args.config)
    if args.config_file or not configs:
        configs += read_config_file(args.config_file or DEFAULT_CONFIG_FILE)
    names = [name for name, _ in configs]
    if len(set(names)) != len(names):
        sys.exit("difffuzz: configuration names must be unique")
    return configs


# ---- processes ------------------------------------------------------------------------------

class Outcome:
    """A finished process: its stdout lines, or why it failed."""

    def __init__(self, lines=None, failure=None, category=None):
        self.lines, self.failure, self.category = lines, failure, category


_running = set()  # process groups to kill when the driver is interrupted


def run_process(command, timeout):
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                process_group=0)  # killed as a group
    except OSError as error:  # e.g. the binary is being rebuilt
        return Outcome(failure=f"cannot run {command[0]}: {error.strerror}", category="exit")
    _running.add(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        return Outcome(failure=f"timeout after {timeout:g} s" + _tail(stderr),
                       category="timeout")
    finally:
        _running.discard(proc.pid)
    if proc.returncode < 0:
        try:
            name = signal.Signals(-proc.returncode).name
        except ValueError:
            name = str(-proc.returncode)
        return Outcome(failure=f"crashed ({name})" + _tail(stderr), category="crash")
    if proc.returncode != 0:
        return Outcome(failure=f"exit {proc.returncode}" + _tail(stderr), category="exit")
    return Outcome(lines=stdout.decode("utf-8", "replace").splitlines())


def _tail(stderr, count=3):
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip()]
    return (": " + " | ".join(lines[-count:])) if lines else ""


def normalize(lines):
    return ["unsupported" if line.startswith("unsupported") else line for line in lines]


def run_strata(strata, flags, paths, timeout):
    """Runs one configuration on a batch; returns {path: Outcome}.

    A batch whose process fails is run again one module at a time to find the culprit.
    """
    if len(paths) == 1:
        outcome = run_process([strata, "fuzz-exec", *flags, paths[0]], timeout)
        if outcome.lines is not None:
            outcome.lines = normalize(outcome.lines)
        return {paths[0]: outcome}
    outcome = run_process([strata, "fuzz-exec", *flags, *paths],
                          timeout * max(1, len(paths) / 2))
    if outcome.lines is None:
        results = {}
        for path in paths:
            results.update(run_strata(strata, flags, [path], timeout))
        return results
    results, current = {}, None
    for line in outcome.lines:
        if line.startswith("module ") and line[len("module "):] in paths:
            current = line[len("module "):]
            results[current] = Outcome(lines=[])
        elif current is not None:
            results[current].lines.append(line)
    for path in paths:
        if path not in results:
            results[path] = Outcome(failure="no output for this module", category="exit")
        results[path].lines = normalize(results[path].lines or [])
    return results


# ---- comparison -----------------------------------------------------------------------------

class Reference:
    """The expected lines; `loose` holds the indices of V8's float-to-int traps that wabt did not
    confirm, where integer-overflow is accepted as well."""

    def __init__(self, lines, loose):
        self.lines, self.loose = lines, loose

    @classmethod
    def from_v8(cls, lines):
        return cls(lines, {i for i, line in enumerate(lines) if line == AMBIGUOUS_TRAP})


def exhausted_call(lines):
    """The ordinal of the first call that ran out of stack, or None."""
    ordinal = -1
    for line in lines:
        if line.startswith("call "):
            ordinal += 1
        elif line == EXHAUSTED:
            return ordinal
    return None


def before_call(lines, ordinal):
    """The lines before the call with this ordinal."""
    seen = -1
    for i, line in enumerate(lines):
        if line.startswith("call "):
            seen += 1
            if seen == ordinal:
                return lines[:i]
    return lines


def comparable(expected, actual):
    """Both sides cut before the first call that exhausted the stack on either side."""
    cuts = [c for c in (exhausted_call(expected), exhausted_call(actual)) if c is not None]
    if not cuts:
        return expected, actual
    return before_call(expected, min(cuts)), before_call(actual, min(cuts))


def is_state_line(line):
    return line.startswith(("memory ", "global "))


def calls_only(lines):
    return [line for line in lines if not is_state_line(line)]


def first_difference(reference, actual, calls_only_mode=False):
    """None when they agree, else (line number, expected line, actual line)."""
    # Indices into reference.lines of the lines compared, for reference.loose.
    kept = [i for i, line in enumerate(reference.lines)
            if not (calls_only_mode and is_state_line(line))]
    expected = [reference.lines[i] for i in kept]
    expected, actual = comparable(expected, calls_only(actual) if calls_only_mode else actual)
    for i in range(max(len(expected), len(actual))):
        want = expected[i] if i < len(expected) else "<end>"
        got = actual[i] if i < len(actual) else "<end>"
        if want == got or (i < len(expected) and kept[i] in reference.loose
                           and got == OVERFLOW_TRAP):
            continue
        return i + 1, want, got
    return None


def merge_references(v8_lines, wabt_lines):
    """(Reference, None) from V8's lines refined by wabt's trap kinds, or (None, difference)."""
    reference = Reference.from_v8(v8_lines)
    if wabt_lines is None or wabt_lines == ["unsupported"]:
        return reference, None
    difference = first_difference(reference, wabt_lines, calls_only_mode=True)
    if difference:
        return None, difference
    kept = [i for i, line in enumerate(v8_lines) if not is_state_line(line)]
    expected, actual = comparable([v8_lines[i] for i in kept], wabt_lines)
    lines = list(v8_lines)
    for j in range(len(expected)):
        if kept[j] in reference.loose:
            lines[kept[j]] = actual[j]
            reference.loose.discard(kept[j])
    reference.lines = lines
    return reference, None


def describe(difference):
    line, want, got = difference
    return f"line {line}: expected `{want}`, got `{got}`"


# ---- references -----------------------------------------------------------------------------

def run_references(path, timeout):
    """Returns (Reference, None, wabt's part) or (None, (kind, text), wabt's part), the latter
    when the module cannot be judged. wabt's part: "agreed", "unsupported" or its failure."""
    v8 = run_process([*V8_COMMAND, path], timeout)
    if v8.lines is None:
        return None, ("v8-failed", v8.failure), None
    if v8.lines == ["unsupported"]:
        return None, ("unsupported", "imports other than fuzzing-support.log-*"), None
    wabt = run_process([*WABT_COMMAND, path], timeout)
    reference, difference = merge_references(v8.lines, wabt.lines)
    wabt_part = ("unsupported" if wabt.lines == ["unsupported"] else
                 "agreed" if wabt.lines is not None else f"wabt failed: {wabt.failure}")
    if difference:
        line, want, got = difference
        return None, ("reference-disagreement",
                      f"line {line}: v8 `{want}`, wabt `{got}`"), wabt_part
    return reference, None, wabt_part


# ---- the campaign ---------------------------------------------------------------------------

class WorkQueue:
    """Worker threads over a priority queue; tasks may queue more tasks."""

    def __init__(self, jobs):
        self.tasks = queue.PriorityQueue()
        self.counter = itertools.count()
        self.pending = 0
        self.done = threading.Condition()
        self.errors = []
        for _ in range(jobs):
            threading.Thread(target=self._work, daemon=True).start()

    def submit(self, priority, function, *args):
        with self.done:
            self.pending += 1
        self.tasks.put((priority, next(self.counter), function, args))

    def _work(self):
        while True:
            _, _, function, args = self.tasks.get()
            try:
                function(*args)
            except Exception:  # reported at the end; the campaign goes on
                self.errors.append(traceback.format_exc())
            with self.done:
                self.pending -= 1
                self.done.notify_all()

    def wait(self):
        with self.done:
            while self.pending:
                self.done.wait()


class Campaign:
    def __init__(self, args, configs):
        self.args, self.configs = args, configs
        self.lock = threading.Lock()
        self.passed = 0
        self.failures = []  # (module name, config name, Outcome-ish description, category)
        self.skipped = collections.Counter()
        self.wabt = collections.Counter()  # how the wabt reference went, per module
        self.disagreements = []
        self.references = {}  # module name -> Reference
        self.errors = []
        self.modules_dir = os.path.join(args.workdir, "modules")
        os.makedirs(self.modules_dir, exist_ok=True)

    def report(self, text):
        with self.lock:
            print(text, flush=True)

    def prepare_batch(self, indices, work):
        ready = []
        for index in indices:
            name = generate.module_name(self.args.seed, index, self.args.simd)[:-len(".wasm")]
            path, reason = generate.generate(self.args.seed, index, self.modules_dir,
                                             self.args.simd)
            if not path:
                with self.lock:
                    self.skipped["invalid"] += 1
                if self.args.verbose:
                    self.report(f"skip {name}: {reason}")
                continue
            reference, problem, wabt_part = run_references(path, self.args.timeout)
            with self.lock:
                self.wabt[wabt_part.split(":")[0] if wabt_part else "not run"] += 1
            if wabt_part and wabt_part.startswith("wabt failed"):
                self.report(f"note {name}: {wabt_part}")
            if problem:
                kind, text = problem
                with self.lock:
                    self.skipped[kind] += 1
                    if kind == "reference-disagreement":
                        self.disagreements.append((name, text))
                if kind != "unsupported" or self.args.verbose:
                    self.report(f"{kind} {name}: {text}")
                continue
            with self.lock:
                self.references[name] = reference
            ready.append((name, path))
        if ready:
            for config in self.configs:
                work.submit(0, self.check_batch, config, ready)

    def check_batch(self, config, modules):
        config_name, flags = config
        outcomes = run_strata(self.args.strata, flags, [path for _, path in modules],
                              self.args.timeout)
        for name, path in modules:
            outcome = outcomes[path]
            if outcome.lines is None:
                self.fail(name, config_name, outcome.failure, outcome.category)
                continue
            difference = first_difference(self.references[name], outcome.lines)
            if difference:
                self.fail(name, config_name, describe(difference), "mismatch")
            else:
                with self.lock:
                    self.passed += 1

    def fail(self, name, config_name, text, category):
        with self.lock:
            self.failures.append((name, config_name, text, category))
            print(f"FAIL {name} {config_name}: {text}", flush=True)

    def run(self):
        work = WorkQueue(self.args.jobs)
        indices = range(self.args.first, self.args.first + self.args.count)
        for start in range(0, len(indices), self.args.batch):
            work.submit(1, self.prepare_batch, indices[start:start + self.args.batch], work)
        work.wait()
        if self.args.keep_failures and self.failures:
            self.keep_failures(work)
            work.wait()
        self.errors = work.errors
        for error in work.errors:
            print(error, file=sys.stderr)
        return not work.errors

    def keep_failures(self, work):
        os.makedirs(self.args.keep_failures, exist_ok=True)
        first_failure = {}
        for name, config_name, _, category in self.failures:
            first_failure.setdefault(name, (config_name, category))
        for name, (config_name, category) in sorted(first_failure.items()):
            source = os.path.join(self.modules_dir, name + ".wasm")
            target = os.path.join(self.args.keep_failures, name)
            shutil.copyfile(source, target + ".wasm")
            write_expected(target + ".expected", self.references[name].lines)
            if self.args.reduce:
                flags = dict(self.configs)[config_name]
                work.submit(0, self.reduce, name, source, target, (config_name, flags),
                            category)

    def reduce(self, name, source, target, config, category):
        reduced = reduce_module(self.args, source, config, category,
                                _index_of(name), os.path.join(self.args.workdir, "reduce"))
        if not reduced:
            self.report(f"reduce {name}: the difference did not survive reduction")
            return
        reference, problem, _ = run_references(reduced, self.args.timeout)
        if problem:
            self.report(f"reduce {name}: the reduced module has no reference: {problem[1]}")
            return
        shutil.copyfile(reduced, target + "-reduced.wasm")
        write_expected(target + "-reduced.expected", reference.lines)
        self.report(f"reduced {name} ({config[0]}, {os.path.getsize(source)} -> "
                    f"{os.path.getsize(reduced)} bytes): {target}-reduced.wasm")

    def summary(self):
        """Two lines: how the references went, then the closing count."""
        wabt = ", ".join(f"{kind} {count}" for kind, count in sorted(self.wabt.items()))
        references = (f"references: {len(self.references)} modules judged; wabt per module: "
                      f"{wabt or 'none'}; {len(self.disagreements)} reference disagreements")
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{count} {kind}" for kind, count in sorted(self.skipped.items()))
        failing_modules = len({name for name, *_ in self.failures})
        errors = (f"{len(self.errors)} internal errors (tracebacks above)\n"
                  if self.errors else "")
        return references + "\n" + errors + (
            f"{self.passed} passed, {len(self.failures)} failed "
            f"({self.args.count} modules x {len(self.configs)} configurations; "
            f"{failing_modules} modules failing; {skipped} modules skipped"
            + (f": {reasons}" if reasons else "") + ")")


def write_expected(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _index_of(name):
    return int(name.rsplit("-n", 1)[1].removesuffix("-simd"))


# ---- reduction ------------------------------------------------------------------------------

def reduce_module(args, source, config, category, index, reduce_dir):
    """Runs wasm-reduce keeping `category` of difference for `config`; returns the reduced
    module's path, or None."""
    os.makedirs(reduce_dir, exist_ok=True)
    base = os.path.join(reduce_dir, os.path.basename(source)[:-len(".wasm")] + "-" + config[0])
    test, working = base + ".test.wasm", base + ".reduced.wasm"
    feature_name, opt_flags, _ = generate.feature_set(index, args.simd)
    step_timeout = min(args.timeout, 20)
    command = shlex.join([
        sys.executable, os.path.abspath(__file__), "--still-fails", test,
        "--strata", args.strata, "--config", f"{config[0]}={shlex.join(config[1])}",
        "--category", category, "--features", feature_name, "--timeout", str(step_timeout)])
    binaries = os.path.dirname(shutil.which("wasm-opt") or "/usr/bin/wasm-opt")
    result = subprocess.run(
        ["wasm-reduce", source, "-b", binaries, "--command", command, "-t", test, "-w", working,
         "--timeout", str(int(step_timeout) * 2 + 10), "--extra-flags", " ".join(opt_flags),
         *opt_flags], capture_output=True, text=True)
    if result.returncode != 0 or not os.path.exists(working):
        return None
    return working if still_fails(args, working, config, category, feature_name) else None


def still_fails(args, path, config, category, feature_name):
    """True when the module validates, V8 runs it, and `config` still fails in the same way
    (mismatch, crash, timeout or exit). wabt is left out for speed; the reduced module's
    references are checked once at the end."""
    validate_flags = generate.validate_flags_of(feature_name)
    if subprocess.run(["wasm-validate", *validate_flags, path],
                      capture_output=True).returncode != 0:
        return False
    outcome = run_strata(args.strata, config[1], [path], args.timeout)[path]
    if (outcome.lines is None) != (category != "mismatch"):
        return False
    v8 = run_process([*V8_COMMAND, path], args.timeout)
    if v8.lines is None or v8.lines == ["unsupported"]:
        return False
    if outcome.lines is None:
        return outcome.category == category
    return first_difference(Reference.from_v8(v8.lines), outcome.lines) is not None


def still_fails_main(argv):
    parser = argparse.ArgumentParser(description="exit 0 when FILE still fails")
    parser.add_argument("--still-fails", required=True, metavar="FILE")
    parser.add_argument("--strata", required=True)
    parser.add_argument("--config", type=parse_config, required=True)
    parser.add_argument("--category", required=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args(argv)
    import contextlib
    with contextlib.redirect_stdout(sys.stderr):  # wasm-reduce compares stdout
        ok = still_fails(args, args.still_fails, args.config, args.category, args.features)
    sys.exit(0 if ok else 1)


def main():
    if "--still-fails" in sys.argv:
        return still_fails_main(sys.argv[1:])
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_config_arguments(parser)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--first", type=int, default=0, help="index of the first module")
    parser.add_argument("--workdir", help="keep the modules here (default: a temporary one)")
    parser.add_argument("--keep-failures", metavar="DIR",
                        help="copy failing modules and their .expected output here")
    parser.add_argument("--reduce", action="store_true",
                        help="also reduce failing modules with wasm-reduce (--keep-failures)")
    parser.add_argument("--batch", type=int, default=8, help="modules per strata process")
    parser.add_argument("--simd", action="store_true",
                        help="generate every module with SIMD (generate.SIMD_SET)")
    parser.add_argument("-v", "--verbose", action="store_true", help="report every skip")
    args = parser.parse_args()
    if args.reduce and not args.keep_failures:
        parser.error("--reduce needs --keep-failures")
    configs = configs_from(args)
    args.strata = os.path.abspath(args.strata)
    if not os.access(args.strata, os.X_OK):
        sys.exit(f"difffuzz: {args.strata} is not an executable")
    temporary = args.workdir is None
    args.workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix="difffuzz-"))
    try:
        campaign = Campaign(args, configs)
        clean = campaign.run()
        print(campaign.summary(), flush=True)
    except KeyboardInterrupt:
        for pid in list(_running):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        sys.exit(130)
    finally:
        if temporary:
            shutil.rmtree(args.workdir, ignore_errors=True)
    sys.exit(0 if clean and not campaign.failures else 1)


if __name__ == "__main__":
    main()
