"""Full-batch gradient descent, as the notebook's ``optimization``."""

from __future__ import annotations

import numpy as np

from handgrad.backprop import backward
from handgrad.losses import bce_from_logits
from handgrad.network import forward
from handgrad.validate import check_int, check_positive, check_problem


class DivergenceError(ValueError):
    """Training produced a non-finite loss or parameter; ``iteration`` says when.

    A ``ValueError``: the learning rate (or the scale of the data or weights)
    is a value gradient descent cannot work with.
    """

    def __init__(self, message, iteration):
        super().__init__(message)
        self.iteration = iteration


def train(params, X, y, activation="tanh", learning_rate=0.01, iterations=1000,
          record_every=100):
    """Run ``iterations`` steps of ``W <- W - learning_rate * dLoss/dW`` on all of ``(X, y)``.

    Returns ``(params, history)``: new params (the input ones are not
    modified) and ``history = {"iterations": int64 (k,), "losses": float64 (k,)}``,
    the loss before the update at every iteration ``i`` with
    ``i % record_every == 0`` (the notebook records every 100).

    Raises :class:`DivergenceError` naming the iteration at which the loss or
    a parameter stopped being finite, rather than returning NaN params.
    """
    params, X, y, act = check_problem(params, X, y, activation)
    learning_rate = check_positive(learning_rate, "learning_rate")
    iterations = check_int(iterations, "iterations", 0)
    record_every = check_int(record_every, "record_every", 1)
    params = [(W.copy(), b.copy()) for W, b in params]
    recorded = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
        for i in range(iterations):
            logits, cache = forward(params, X, act)
            loss = bce_from_logits(logits, y)
            if not np.isfinite(loss):
                raise DivergenceError(f"train: the loss became {loss} at iteration {i} "
                                      f"(learning_rate={learning_rate} too large, or the "
                                      f"inputs or weights?)", i)
            if i % record_every == 0:
                recorded.append((i, loss))
            for (W, b), (dW, db) in zip(params, backward(params, cache, logits, y, act)):
                W -= learning_rate * dW
                b -= learning_rate * db
            if not all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in params):
                raise DivergenceError(f"train: a parameter became non-finite at iteration {i} "
                                      f"(learning_rate={learning_rate} too large, or the "
                                      f"inputs or weights?)", i)
    steps, losses = zip(*recorded) if recorded else ((), ())
    return params, {"iterations": np.array(steps, dtype=np.int64),
                    "losses": np.array(losses, dtype=np.float64)}
