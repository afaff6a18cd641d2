"""Benchmark the notebook's workload on every system: ``python scripts/bench.py [--quick] [--json]``.

A thin wrapper of ``handgrad bench``; the measurements live in handgrad/bench.py.
"""

import sys

from handgrad.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
