"""The engine configuration a WASI test script runs on: `--engine NAME` names it, and
`--engine-flags "FLAGS"` gives its strata flags (cmake/EngineConfigs.cmake); without flags the
name is the engine's."""
import shlex


def add_engine_arguments(parser):
    parser.add_argument("--engine", required=True)
    parser.add_argument("--engine-flags", default="",
                        help="strata flags of the engine configuration; default --engine=ENGINE")


def engine_flags(args):
    """The strata flags that select the engine configuration under test."""
    return shlex.split(args.engine_flags) if args.engine_flags else [f"--engine={args.engine}"]
