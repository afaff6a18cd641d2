"""Re-run the original notebook's zero-initialisation study in full, with correct gradients.

    python scripts/reproduce_seed.py [--out DIR] [handgrad experiment options]

A thin wrapper of ``handgrad experiment``: 100,000 blobs, 3 -> 10 -> 1, learning
rate 0.01, 1500 iterations, tanh and relu x five init schemes x the notebook's
gradient and handgrad's.
"""

import sys

from handgrad.cli import main

if __name__ == "__main__":
    sys.exit(main(["experiment", *sys.argv[1:]]))
