"""Examples per second of the property suite (tests/test_properties.py), per property.

Speed is measured here, never asserted in tests.  Runs every property under
the Hypothesis profile named by HANDGRAD_HYPOTHESIS_PROFILE (default ``ci``),
counting the examples that reached the test body.

    python scripts/bench_properties.py [--repeat N] [--json]
"""

import argparse
import importlib.util
import json
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPEAT = 3


def load_properties():
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "subjects")]
    __import__("conftest")  # registers and loads the Hypothesis profiles first
    spec = importlib.util.spec_from_file_location("test_properties",
                                                  ROOT / "tests" / "test_properties.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: fn for name, fn in vars(module).items()
            if name.startswith("test_") and hasattr(fn, "hypothesis")}


def measure(test, repeat):
    calls = []
    inner = test.hypothesis.inner_test

    def counted(*args, **kwargs):
        calls[-1] += 1
        return inner(*args, **kwargs)

    test.hypothesis.inner_test = counted
    rates = []
    for _ in range(repeat):
        calls.append(0)
        start = time.perf_counter()
        test()
        rates.append(calls[-1] / (time.perf_counter() - start))
    test.hypothesis.inner_test = inner
    return statistics.median(rates), calls[-1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    properties = load_properties()
    results = {}
    for name, test in properties.items():
        rate, examples = measure(test, args.repeat)
        results[name] = {"examples_per_second": rate, "examples": examples}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, row in results.items():
            print(f"{row['examples_per_second']:8.1f} examples/s  ({row['examples']:3d} examples)  "
                  f"{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
