"""The ``handgrad`` command: a thin argparse layer over library calls."""

from __future__ import annotations

import argparse
import sys

import handgrad


def _train(args):
    X, y = handgrad.blobs(n_samples=args.samples, seed=args.seed)
    X_train, X_test, y_train, y_test = handgrad.split(X, y, seed=args.seed)
    params = handgrad.init_params([X.shape[1], args.hidden, 1], scheme=args.init, seed=args.seed)
    params, history = handgrad.train(params, X_train, y_train, activation=args.activation,
                                     learning_rate=args.learning_rate,
                                     iterations=args.iterations, record_every=100)
    for step, value in zip(history["iterations"], history["losses"]):
        print(f"iteration {step:6d}  loss {value:.4f}")
    final = handgrad.loss(params, X_train, y_train, args.activation)
    accuracy = (handgrad.predict(params, X_test, args.activation) == y_test).mean()
    print(f"final training loss {final:.4f}, test accuracy {accuracy:.4f}")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="handgrad",
        description="A hand-written NumPy backward pass, audited against JAX autodiff.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {handgrad.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser("train", help="train the notebook's network with handgrad")
    train.add_argument("--activation", default="tanh", choices=sorted(handgrad.ACTIVATIONS))
    train.add_argument("--init", default="small_random", choices=sorted(handgrad.INIT_SCHEMES))
    train.add_argument("--hidden", type=int, default=10, help="hidden units (default 10)")
    train.add_argument("--iterations", type=int, default=1000)
    train.add_argument("--learning-rate", type=float, default=0.01)
    train.add_argument("--samples", type=int, default=100000)
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(run=_train)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except (ValueError, TypeError) as exc:
        print(f"handgrad {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
