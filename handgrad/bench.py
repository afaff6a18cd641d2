"""The benchmark: the notebook's workload on every system, in one process, side by side.

Each system trains the notebook's network (3 -> 10 -> 1, tanh, sigmoid output,
mean BCE, full-batch gradient descent, float64) on the same data from the same
init; the systems run alternately, several times, and only medians and ratios
of one run are reported (timings drift between runs and machines).  JAX
systems are compiled once before timing; no result is cached between runs.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

from handgrad import legacy
from handgrad.backprop import loss
from handgrad.conventions import to_notebook
from handgrad.data import blobs, split
from handgrad.network import predict
from handgrad.params import init_params
from handgrad.train import train

#: The notebook's workload (In [20]) and a reduced one for --quick.
FULL = {"n_samples": 100000, "hidden": 10, "iterations": 1000, "repeats": 5,
        "scaling_rows": (1_000, 10_000, 100_000, 1_000_000), "scaling_iterations": 20}
QUICK = {"n_samples": 10000, "hidden": 10, "iterations": 100, "repeats": 3,
         "scaling_rows": (1_000, 10_000, 100_000), "scaling_iterations": 10}
LEARNING_RATE = 0.01
ACTIVATION = "tanh"
#: Rows of the peak-memory measurement (issue target: at most 600 MB of RSS).
MEMORY_ROWS = 1_000_000
#: predict() is fast: repeated this many times per measurement.
PREDICT_REPEATS = 20


def _median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plain_scan(X, y, iterations, learning_rate):
    """A minimal hand-written jitted ``lax.scan`` of the same loss, compiled: ``run(params)``.

    The same loss means jaxref's formula, ``y softplus(-z) + (1 - y) softplus(z)``
    (accurate for tiny losses; the one-softplus ``softplus(z) - y z`` is cheaper
    but cancels), so the ratio measures jaxref's own overhead.
    """
    import jax
    import jax.numpy as jnp

    def loss_fn(p, X, y):
        (W1, b1), (W2, b2) = p
        z = (jnp.tanh(X @ W1.T + b1) @ W2.T + b2)[:, 0]
        return jnp.mean(y * jax.nn.softplus(-z) + (1 - y) * jax.nn.softplus(z))

    @jax.jit
    def run(p, X, y):
        def step(p, _):
            value, g = jax.value_and_grad(loss_fn)(p, X, y)
            return jax.tree.map(lambda a, d: a - learning_rate * d, p, g), value

        return jax.lax.scan(step, p, None, length=iterations)

    def call(params):
        with jax.enable_x64(True):
            out = run([tuple(jnp.asarray(a) for a in pair) for pair in params],
                      jnp.asarray(X), jnp.asarray(y))
            jax.block_until_ready(out)
        return out

    return call


def _sklearn(X, y, iterations, learning_rate, hidden):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def fit():
        # The same algorithm: plain SGD on the whole batch, no momentum, no penalty.
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), activation="tanh", solver="sgd",
                            batch_size=X.shape[0], learning_rate_init=learning_rate,
                            momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                            max_iter=iterations, shuffle=False, tol=0.0,
                            n_iter_no_change=iterations + 1, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return clf.fit(X, y)

    return fit


def training_systems(X, y, params, iterations):
    """``{name: zero-argument callable}``: each trains from ``params`` for ``iterations`` steps."""
    import jaxref

    y_float = y.astype(np.float64)
    plain = _plain_scan(X, y_float, iterations, LEARNING_RATE)
    systems = {
        "notebook (legacy.optimization)":
            lambda: legacy.optimization(to_notebook(params), X, y, iterations, LEARNING_RATE),
        "handgrad.train":
            lambda: train(params, X, y_float, ACTIVATION, LEARNING_RATE, iterations),
        "jaxref.train (jit, lax.scan)":
            lambda: jaxref.train(params, X, y_float, ACTIVATION, LEARNING_RATE, iterations),
        "plain jitted lax.scan": lambda: plain(params),
        "scikit-learn MLPClassifier (sgd)":
            _sklearn(X, y, iterations, LEARNING_RATE, params[0][0].shape[0]),
    }
    systems["jaxref.train (jit, lax.scan)"]()  # compile once, outside the timings
    systems["plain jitted lax.scan"]()
    return systems


def time_training(systems, repeats):
    """Median seconds per system, the systems alternating within each repeat."""
    times = {name: [] for name in systems}
    for _ in range(repeats):
        for name, fn in systems.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def check_histories(X, y, params, iterations):
    """Largest relative difference between handgrad's and jaxref's loss histories."""
    import jaxref

    y_float = y.astype(np.float64)
    _, ours = train(params, X, y_float, ACTIVATION, LEARNING_RATE, iterations, 1)
    _, ref = jaxref.train(params, X, y_float, ACTIVATION, LEARNING_RATE, iterations, 1)
    return float(np.max(np.abs(ours["losses"] - ref["losses"]) / np.abs(ref["losses"])))


def time_predict(params, X):
    """Median seconds of ``legacy.predict`` and ``handgrad.predict`` on ``X``."""
    notebook = to_notebook(params)
    legacy_time = _median_time(lambda: legacy.predict(notebook, X), PREDICT_REPEATS)
    ours = _median_time(lambda: predict(params, X, ACTIVATION), PREDICT_REPEATS)
    agree = float(np.mean(legacy.predict(notebook, X)[0] == predict(params, X, ACTIVATION)))
    return {"rows": X.shape[0], "notebook_seconds": legacy_time, "handgrad_seconds": ours,
            "speedup": legacy_time / ours, "labels_agree": agree}


def time_scaling(rows, iterations, hidden, repeats=3):
    """Per-iteration seconds of ``handgrad.train`` for each number of rows."""
    out = []
    for m in rows:
        X, y = blobs(m, seed=0)
        params = init_params([3, hidden, 1], "small_random", seed=0)
        seconds = _median_time(lambda: train(params, X, y, ACTIVATION, LEARNING_RATE,
                                             iterations), repeats) / iterations
        out.append({"rows": m, "seconds_per_iteration": seconds,
                    "ns_per_row_iteration": seconds / m * 1e9})
    return out


_MEMORY_CHILD = """
import json, resource, sys
import numpy as np
import handgrad

def high_water_mb():
    # VmHWM: this process's own peak RSS (getrusage's ru_maxrss can carry the
    # parent's over fork + exec on Linux); ru_maxrss where /proc is missing.
    try:
        with open("/proc/self/status") as status:
            line = next(l for l in status if l.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

X, y = np.load(sys.argv[1]), np.load(sys.argv[2])
base = high_water_mb()
params = handgrad.init_params([3, int(sys.argv[3]), 1], "small_random", seed=0)
handgrad.train(params, X, y, "tanh", 0.01, 3)
print(json.dumps({"base_mb": base, "peak_mb": high_water_mb()}))
"""


def peak_memory(rows, hidden):
    """Peak RSS (MB) of a fresh process training on ``rows`` rows, and its RSS before training."""
    X, y = blobs(rows, seed=0)
    with tempfile.TemporaryDirectory() as folder:
        paths = [os.path.join(folder, f"{name}.npy") for name in ("X", "y")]
        np.save(paths[0], X)
        np.save(paths[1], y.astype(np.float64))
        done = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, *paths, str(hidden)],
                              capture_output=True, text=True, check=True)
    return {"rows": rows, **json.loads(done.stdout)}


def audit_cold_start():
    """Wall seconds of ``handgrad audit`` in a new process (imports and compilation included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "handgrad.cli", "audit"], capture_output=True,
                   check=False)
    return time.perf_counter() - start


def machine():
    """What the numbers were measured on."""
    import jax
    import sklearn

    return {"platform": platform.platform(), "processor": platform.processor() or "unknown",
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "jax": jax.__version__, "scikit-learn": sklearn.__version__,
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE")}


def run(quick=False, repeats=None, memory=True, progress=print):
    """Every measurement of the benchmark; returns the JSON-ready results.

    Ctrl-C raises ``KeyboardInterrupt`` naming the measurement it stopped.
    """
    cfg = dict(QUICK if quick else FULL)
    if repeats is not None:
        cfg["repeats"] = repeats
    stage = "setup"
    try:
        X, y = blobs(cfg["n_samples"], seed=0)
        X_train, X_test, y_train, _ = split(X, y, seed=0)
        params = init_params([3, cfg["hidden"], 1], "small_random", seed=0)
        stage = (f"training: {X_train.shape[0]} rows x {cfg['iterations']} iterations, "
                 f"{cfg['repeats']} repeats of every system")
        progress(stage)
        seconds = time_training(training_systems(X_train, y_train, params, cfg["iterations"]),
                                cfg["repeats"])
        stage = "loss histories, predict, scaling"
        progress(stage)
        results = {
            "config": {**cfg, "learning_rate": LEARNING_RATE, "activation": ACTIVATION,
                       "train_rows": X_train.shape[0]},
            "machine": machine(),
            "training_seconds": seconds,
            "history_max_rel_diff": check_histories(X_train, y_train, params,
                                                    min(cfg["iterations"], 200)),
            "final_loss": loss(train(params, X_train, y_train, ACTIVATION, LEARNING_RATE,
                                     cfg["iterations"])[0], X_train, y_train, ACTIVATION),
            "predict": time_predict(params, X_test),
            "scaling": time_scaling(cfg["scaling_rows"], cfg["scaling_iterations"],
                                    cfg["hidden"]),
        }
        if memory:
            rows = MEMORY_ROWS if not quick else MEMORY_ROWS // 10
            stage = f"peak memory at {rows} rows"
            progress(stage)
            results["memory"] = peak_memory(rows, cfg["hidden"])
        stage = "handgrad audit from a cold start"
        progress(stage)
        results["audit_cold_start_seconds"] = audit_cold_start()
    except KeyboardInterrupt:
        raise KeyboardInterrupt(f"the benchmark's {stage.split(':')[0]} stage; no file was "
                                f"written") from None
    return results


def format_results(r):
    """The benchmark as the table the README quotes."""
    cfg, t = r["config"], r["training_seconds"]
    base, ours = t["notebook (legacy.optimization)"], t["handgrad.train"]
    lines = [f"Workload: {cfg['train_rows']} x 3 rows, hidden {cfg['hidden']}, {cfg['activation']}, "
             f"{cfg['iterations']} full-batch iterations, float64; median of {cfg['repeats']} "
             f"alternating runs.",
             f"Machine: {r['machine']['cpus']} CPUs, {r['machine']['platform']}, numpy "
             f"{r['machine']['numpy']}, jax {r['machine']['jax']}.", "",
             f"{'system':<36} {'seconds':>9} {'vs notebook':>12} {'handgrad vs it':>15}"]
    for name, s in sorted(t.items(), key=lambda kv: -kv[1]):
        lines.append(f"{name:<36} {s:>9.3f} {base / s:>11.1f}x {s / ours:>14.2f}x")
    jr, plain = t["jaxref.train (jit, lax.scan)"], t["plain jitted lax.scan"]
    sk = t["scikit-learn MLPClassifier (sgd)"]
    p = r["predict"]
    lines += ["",
              f"handgrad.train is {base / ours:.1f}x faster than the notebook (target >= 5), "
              f"{ours / jr:.2f}x jaxref.train's time (target <= 2.5), {sk / ours:.1f}x faster "
              f"than scikit-learn (target > 1).",
              f"jaxref.train takes {jr / plain:.2f}x the time of a plain jitted lax.scan "
              f"(target <= 1).",
              f"Loss histories of handgrad and jaxref agree to {r['history_max_rel_diff']:.1e} "
              f"relative (target 1e-9).",
              f"predict on {p['rows']} rows: notebook {p['notebook_seconds'] * 1e3:.2f} ms, "
              f"handgrad {p['handgrad_seconds'] * 1e3:.2f} ms: {p['speedup']:.1f}x "
              f"(target >= 5).", "",
              f"{'rows':>9} {'ms / iteration':>15} {'ns / (row x iteration)':>23}"]
    for row in r["scaling"]:
        lines.append(f"{row['rows']:>9} {row['seconds_per_iteration'] * 1e3:>15.3f} "
                     f"{row['ns_per_row_iteration']:>23.2f}")
    if "memory" in r:
        mem = r["memory"]
        lines.append(f"\nPeak RSS of handgrad.train at {mem['rows']} rows: {mem['peak_mb']:.0f} MB "
                     f"({mem['base_mb']:.0f} MB before training: imports and data) "
                     f"(target <= 600 MB).")
    lines.append(f"handgrad audit from a cold start: {r['audit_cold_start_seconds']:.1f} s "
                 f"(target <= 20 s).")
    return "\n".join(lines)
