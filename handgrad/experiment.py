"""The zero-initialisation study of the notebook, re-run with correct gradients.

Grid: hidden activation x init scheme x gradient, where the gradient is the
notebook's own backward pass (``legacy``; for relu its commented-out ReLU
variant, which is right) or handgrad's (``handgrad``).  Every run starts from
the same seeded init on the notebook's data (make_blobs, stratified 70/30)
and records the true loss (handgrad's, from the logit) before every update.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field

import numpy as np
from sklearn.metrics import accuracy_score, precision_score, recall_score

from handgrad import legacy
from handgrad.backprop import loss
from handgrad.conventions import from_notebook, to_notebook
from handgrad.data import TEST_SIZE, blobs, split
from handgrad.network import predict
from handgrad.params import init_params
from handgrad.train import train
from handgrad.validate import (check_activation, check_int, check_positive, check_scheme)

#: The notebook's configuration (In [3], In [5], In [35]) and the study's grid.
DEFAULT_SCHEMES = ("small_random", "zero_weights", "zeros", "xavier_normal", "he_normal")
ACTIVATIONS = ("tanh", "relu")
GRADIENTS = ("legacy", "handgrad")
#: The loss the plateau ends at: well below ln 2 = 0.693 (no learning).
PLATEAU_LOSS = 0.5
#: Hidden units closer than this (relative, rows of [W1 | b1]) count as one.
DISTINCT_RTOL = 1e-6
#: The notebook's backward pass per hidden activation.
LEGACY = {"tanh": legacy.forward_and_backward_propagation,
          "relu": legacy.forward_and_backward_propagation_relu}


@dataclass
class Config:
    samples: int = 100000
    iterations: int = 1500
    learning_rate: float = 0.01
    hidden: int = 10
    seed: int = 0
    activations: tuple = ACTIVATIONS
    schemes: tuple = DEFAULT_SCHEMES
    gradients: tuple = GRADIENTS

    def validate(self):
        self.samples = check_int(self.samples, "samples", 20)
        self.iterations = check_int(self.iterations, "iterations", 1)
        self.learning_rate = check_positive(self.learning_rate, "learning_rate")
        self.hidden = check_int(self.hidden, "hidden", 1)
        self.seed = check_int(self.seed, "seed", 0)
        for name in self.activations:
            if name not in LEGACY:
                raise ValueError(f"activations: expected names from {sorted(LEGACY)} (the "
                                 f"notebook's backward pass exists for these), got {name!r}")
            check_activation(name)
        for name in self.schemes:
            check_scheme(name, "schemes")
        for name in self.gradients:
            if name not in GRADIENTS:
                raise ValueError(f"gradients: expected names from {list(GRADIENTS)}, got {name!r}")
        return self


#: ``handgrad experiment --quick``: a reduced grid, on 10,000 samples, 300 iterations.
QUICK = dict(samples=10000, iterations=300, schemes=("small_random", "zero_weights", "zeros"))


@dataclass
class Run:
    activation: str
    scheme: str
    gradient: str
    losses: list = field(repr=False)
    final_loss: float
    accuracy: float
    precision: float
    recall: float
    plateau_iterations: int | None
    hidden_rank: int
    distinct_hidden_units: int
    hidden_weights_zero: bool
    units_never_moved: int
    negative_bias_at_start: int
    seconds: float
    W1: list = field(repr=False)
    b1: list = field(repr=False)


def _legacy_descent(params, X, y, activation, learning_rate, iterations):
    """The notebook's ``optimization`` loop with the notebook's gradient, the loss recorded
    every iteration with handgrad's loss (the notebook's own cost turns NaN on saturation)."""
    fn = LEGACY[activation]
    parameters, losses = to_notebook(params), []
    with np.errstate(all="ignore"):  # the notebook's log(A2) and exp overflow, on purpose
        for _ in range(iterations):
            losses.append(loss(from_notebook(parameters), X, y, activation))
            gradients, _ = fn(X, parameters, y)
            parameters = {name: parameters[name] - learning_rate * gradients[f"dJ_d{name}"]
                          for name in ("W1", "b1", "W2", "b2")}
    return from_notebook(parameters), losses


def _distinct_rows(M):
    """How many rows of ``M`` differ from each other by more than DISTINCT_RTOL (relative)."""
    scale = max(float(np.abs(M).max()), np.finfo(float).tiny)
    kept = []
    for row in M:
        if not any(np.abs(row - other).max() <= DISTINCT_RTOL * scale for other in kept):
            kept.append(row)
    return len(kept)


def run_one(cfg, activation, scheme, gradient, data):
    """One run of the grid: train, then measure."""
    X_train, X_test, y_train, y_test = data
    y_fit = y_train.astype(np.float64)
    start = init_params([X_train.shape[1], cfg.hidden, 1], scheme, seed=cfg.seed)
    began = time.perf_counter()
    if gradient == "handgrad":
        params, history = train(start, X_train, y_fit, activation, cfg.learning_rate,
                                cfg.iterations, record_every=1)
        losses = history["losses"].tolist()
    else:
        params, losses = _legacy_descent(start, X_train, y_fit, activation, cfg.learning_rate,
                                         cfg.iterations)
    seconds = time.perf_counter() - began
    labels = predict(params, X_test, activation)
    (W1, b1), (W1_0, b1_0) = params[0], start[0]
    moved = (W1 != W1_0).any(axis=1) | (b1 != b1_0)
    plateau = next((i for i, value in enumerate(losses) if value < PLATEAU_LOSS), None)
    return Run(activation, scheme, gradient, losses,
               final_loss=loss(params, X_train, y_fit, activation),
               accuracy=float(accuracy_score(y_test, labels)),
               precision=float(precision_score(y_test, labels, zero_division=0)),
               recall=float(recall_score(y_test, labels, zero_division=0)),
               plateau_iterations=plateau, hidden_rank=int(np.linalg.matrix_rank(W1)),
               distinct_hidden_units=_distinct_rows(np.hstack([W1, b1[:, None]])),
               hidden_weights_zero=bool(not W1.any()),
               units_never_moved=int((~moved).sum()),
               negative_bias_at_start=int((b1_0 < 0).sum()), seconds=seconds,
               W1=W1.tolist(), b1=b1.tolist())


def run(cfg, progress=None):
    """Every run of the grid, in order; ``progress(done, total, label)`` after each."""
    cfg.validate()
    X, y = blobs(cfg.samples, seed=cfg.seed)
    data = split(X, y, seed=cfg.seed)
    grid = [(a, s, g) for a in cfg.activations for s in cfg.schemes for g in cfg.gradients]
    runs = []
    for done, (activation, scheme, gradient) in enumerate(grid, start=1):
        label = f"{activation}/{scheme}/{gradient}"
        try:
            runs.append(run_one(cfg, activation, scheme, gradient, data))
        except KeyboardInterrupt:
            raise KeyboardInterrupt(f"run {done} of {len(grid)} ({label}); no file was "
                                    f"written") from None
        if progress:
            progress(done, len(grid), label)
    return runs


def results_document(cfg, runs):
    """The ``results.json`` document: ``{"runs": [...], "config": {...}}``."""
    out = []
    for r in runs:
        row = asdict(r)
        row["final_loss"] = r.final_loss if math.isfinite(r.final_loss) else str(r.final_loss)
        out.append(row)
    train_rows = cfg.samples - math.ceil(TEST_SIZE * cfg.samples)  # scikit-learn's rounding
    return {"runs": out, "config": {**asdict(cfg), "train_rows": train_rows,
                                    "plateau_loss": PLATEAU_LOSS, "ln2": math.log(2)}}
