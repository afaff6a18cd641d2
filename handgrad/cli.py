"""The ``handgrad`` command: a thin argparse layer over library calls.

Exit codes: 0 success (for ``audit``: every parameter matched), 1 a mismatch
found by ``audit``, 2 a usage or load error (one line on stderr; the
traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback

import handgrad
from handgrad.audit.compare import GRAD_RTOL
from handgrad.audit.load import LoadError, load_function


def _train(args):
    X, y = handgrad.blobs(n_samples=args.samples, seed=args.seed)
    X_train, X_test, y_train, y_test = handgrad.split(X, y, seed=args.seed)
    if args.params:
        params = handgrad.load_params(args.params)
    else:
        params = handgrad.init_params([X.shape[1], args.hidden, 1], scheme=args.init,
                                      seed=args.seed)
    params, history = handgrad.train(params, X_train, y_train, activation=args.activation,
                                     learning_rate=args.learning_rate,
                                     iterations=args.iterations, record_every=100)
    for step, value in zip(history["iterations"], history["losses"]):
        print(f"iteration {step:6d}  loss {value:.4f}")
    final = handgrad.loss(params, X_train, y_train, args.activation)
    accuracy = (handgrad.predict(params, X_test, args.activation) == y_test).mean()
    print(f"final training loss {final:.4f}, test accuracy {accuracy:.4f}")
    if args.save:
        handgrad.save_params(args.save, params)
        print(f"params saved to {args.save}")
    return 0


def _audit_defaults(args):
    from handgrad.audit.report import format_default_audits
    from handgrad.audit.run import default_audits

    engine, notebook = default_audits(rtol=args.rtol, seed=args.seed)
    engine_ok = all(r.passed for r in engine)
    if args.json:
        print(json.dumps({"passed": engine_ok,
                          "failing_params": sorted({p for r in engine for p in r.failing_params}),
                          "engine": [r.to_dict() for r in engine],
                          "notebook": notebook.to_dict()}))
        return 0 if engine_ok else 1
    print(format_default_audits(engine, notebook, args.rtol, verbose=args.verbose))
    return 0 if engine_ok else 1


def _audit_mutants(args):
    from handgrad.audit.mutation import format_score, mutation_score

    score = mutation_score(rtol=args.rtol, seed=args.seed)
    print(json.dumps(score) if args.json else format_score(score))
    good = score["killed"] == score["mutants"] and score["false_positives"] == 0
    return 0 if good else 1


def _audit(args):
    if args.mutants:
        if args.impl:
            raise LoadError("--mutants audits the built-in catalogue of bugs: drop --impl")
        return _audit_mutants(args)
    if args.impl is None:
        return _audit_defaults(args)
    if args.activation is None:
        raise LoadError("--impl needs --activation NAME: the hidden activation the function "
                        f"claims to implement (one of {', '.join(sorted(handgrad.ACTIVATIONS))})")
    fn = load_function(args.impl, args.convention)
    from handgrad.audit.run import audit

    report = audit(fn, activation=args.activation, convention=args.convention,
                                  hidden=args.hidden, rtol=args.rtol, seed=args.seed,
                                  train=args.train, name=args.impl)
    if args.json:
        print(report.to_json())
    else:
        print(report.format(verbose=args.verbose))
        print(report.reference_summary["sentence"])
    return 0 if report.passed else 1


def _bench(args):
    from handgrad import bench
    from handgrad.files import write_json

    results = bench.run(quick=args.quick, repeats=args.repeats, memory=not args.no_memory,
                        progress=lambda msg: print(f"[bench] {msg}", file=sys.stderr))
    if args.out:
        write_json(args.out, results)
    print(json.dumps(results, indent=2) if args.json else bench.format_results(results))
    return 0


def _progress_bar(done, total, label):
    if sys.stderr.isatty():
        filled = int(30 * done / total)
        end = "\n" if done == total else ""
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} runs, last: {label:<40}",
              end=end, file=sys.stderr, flush=True)


def _experiment(args):
    from handgrad import experiment
    from handgrad.experiment_report import write_outputs

    cfg = experiment.Config(**(experiment.QUICK if args.quick else {}))
    for name in ("samples", "iterations", "learning_rate", "hidden", "seed"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    if args.schemes:
        cfg.schemes = tuple(s.strip() for s in args.schemes.split(",") if s.strip())
    runs = experiment.run(cfg, progress=_progress_bar)
    for path in write_outputs(cfg, runs, args.out):
        print(path)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="handgrad",
        description="A hand-written NumPy backward pass, audited against JAX autodiff.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {handgrad.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser(
        "audit", help="audit a backward pass against jax.grad and name what is wrong",
        description="Without --impl: audit handgrad's engine for every activation and the "
                    "original notebook's backward pass.  With --impl: audit FUNCTION from FILE. "
                    "Exit 0 when every parameter matches, 1 on a mismatch, 2 on usage errors.")
    audit.add_argument("--impl", metavar="FILE.py:FUNCTION",
                       help="the gradient function to audit (its folder is importable)")
    audit.add_argument("--activation", choices=sorted(handgrad.ACTIVATIONS),
                       help="the hidden activation the function claims to implement")
    audit.add_argument("--convention", choices=["notebook", "handgrad"], default="notebook",
                       help="notebook: f(X, parameters, Y) -> (gradients, cost); "
                            "handgrad: f(params, X, y) -> [(dW, db), ...] (default notebook)")
    audit.add_argument("--hidden", type=int, default=10, help="hidden units (default 10)")
    audit.add_argument("--rtol", type=float, default=GRAD_RTOL,
                       help=f"relative error a parameter may have (default {GRAD_RTOL:g}, "
                            f"from measured float64 agreement)")
    audit.add_argument("--seed", type=int, default=0, help="seed of the probe set (default 0)")
    audit.add_argument("--train", type=int, metavar="N",
                       help="also train subject and reference N iterations on the notebook's "
                            "data and report the loss gap")
    audit.add_argument("--mutants", action="store_true",
                       help="audit every mutant of handgrad.mutants (known backprop bugs) and "
                            "the correct engine: the mutation score")
    audit.add_argument("--json", action="store_true", help="print one JSON document only")
    audit.add_argument("--verbose", action="store_true", help="list every probe")
    audit.set_defaults(run=_audit)

    exp = commands.add_parser(
        "experiment", help="re-run the notebook's zero-initialisation study with correct gradients",
        description="Activation {tanh, relu} x init scheme x gradient {the notebook's, "
                    "handgrad's} on the notebook's data; writes report.md, metrics.csv, "
                    "results.json and PNG figures.")
    exp.add_argument("--quick", action="store_true",
                     help="10,000 samples, 300 iterations, 3 schemes (well under a minute)")
    exp.add_argument("--iterations", type=int, help="gradient descent steps (default 1500)")
    exp.add_argument("--learning-rate", type=float, help="default 0.01")
    exp.add_argument("--hidden", type=int, help="hidden units (default 10)")
    exp.add_argument("--seed", type=int, help="seed of the data and the inits (default 0)")
    exp.add_argument("--samples", type=int, help="make_blobs samples (default 100000)")
    exp.add_argument("--schemes", metavar="NAME[,NAME...]",
                     help="init schemes to compare (default small_random,zero_weights,zeros,"
                          "xavier_normal,he_normal; any of " + ", ".join(sorted(
                              handgrad.INIT_SCHEMES)) + ")")
    exp.add_argument("--out", default="experiment-out", metavar="DIR",
                     help="output folder (default experiment-out/)")
    exp.set_defaults(run=_experiment)

    bench = commands.add_parser(
        "bench", help="time the notebook's workload on the notebook, handgrad, JAX, scikit-learn",
        description="Every system trains the notebook's network on the same data, alternating, "
                    "several times; medians and ratios of this one run are printed.")
    bench.add_argument("--quick", action="store_true", help="a smaller workload (seconds)")
    bench.add_argument("--repeats", type=int, help="runs of every system (default 5, quick 3)")
    bench.add_argument("--no-memory", action="store_true", help="skip the 1e6-row memory run")
    bench.add_argument("--json", action="store_true", help="print the results as JSON")
    bench.add_argument("--out", metavar="FILE.json", help="also write the results (atomically)")
    bench.set_defaults(run=_bench)

    train = commands.add_parser("train", help="train the notebook's network with handgrad")
    train.add_argument("--activation", default="tanh", choices=sorted(handgrad.ACTIVATIONS))
    train.add_argument("--init", default="small_random", choices=sorted(handgrad.INIT_SCHEMES))
    train.add_argument("--hidden", type=int, default=10, help="hidden units (default 10)")
    train.add_argument("--iterations", type=int, default=1000)
    train.add_argument("--learning-rate", type=float, default=0.01)
    train.add_argument("--samples", type=int, default=100000)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--params", metavar="FILE.npz", help="start from params saved earlier")
    train.add_argument("--save", metavar="FILE.npz", help="save the trained params (atomically)")
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
    except (LoadError, ValueError, TypeError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"handgrad {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        where = f" during {exc}" if str(exc) else ""
        print(f"handgrad {args.command}: interrupted ({' '.join(argv or sys.argv[1:])}){where}; "
              f"files it writes are complete or untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
