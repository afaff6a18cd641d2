"""The multilayer perceptron: forward pass with a cache, probabilities, labels.

A network is its params ``[(W1, b1), ..., (WL, bL)]`` (``W_l (fan_out, fan_in)``,
``b_l (fan_out,)``) plus one hidden activation; layers ``1..L-1`` apply it, the
last layer has one unit whose logit goes through a sigmoid.  Batch-first:
``X (m, n)``, ``Z_l = A_{l-1} @ W_l.T + b_l`` shaped ``(m, fan_out)``.
"""

from __future__ import annotations

import numpy as np

from handgrad.activations import sigmoid
from handgrad.validate import check_activation, check_params, check_X


def forward(params, X, activation):
    """Forward pass on validated inputs.

    Returns ``(logits, cache)``: ``logits (m,)`` and ``cache``, one ``(Z, A)``
    per layer input: ``cache[0] = (None, X)`` and ``cache[l] = (Z_l, A_l)``
    for hidden layer ``l``, each ``(m, h_l)``.  ``activation`` is an
    :class:`~handgrad.activations.Activation`.
    """
    cache = [(None, X)]
    A = X
    for W, b in params[:-1]:
        Z = A @ W.T + b
        A = activation.fn(Z)
        cache.append((Z, A))
    W, b = params[-1]
    logits = (A @ W.T + b)[:, 0]
    return logits, cache


def checked_forward(params, X, activation):
    """:func:`forward` for the public functions: a float64 overflow is a ``ValueError``.

    Finite params and inputs can still be too large for float64 (``Z`` past
    1.8e308); the logits then come out inf or NaN, and a loss or prediction
    computed from them would be silently meaningless.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        logits, cache = forward(params, X, activation)
    bad = ~np.isfinite(logits)
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(f"params/X: the forward pass overflowed float64 (logit {logits[row]} "
                         f"for row {row} of X): the weights or inputs are too large")
    return logits, cache


def predict_proba(params, X, activation="tanh"):
    """P(y = 1 | x) for every row of ``X (m, n)``: shape ``(m,)``, float64."""
    X = check_X(X)
    logits, _ = checked_forward(check_params(params, X.shape[1]), X, check_activation(activation))
    return sigmoid(logits)


def predict(params, X, activation="tanh"):
    """Labels 0/1 (int64, shape ``(m,)``): 1 where P(y = 1 | x) > 0.5, i.e. logit > 0."""
    X = check_X(X)
    logits, _ = checked_forward(check_params(params, X.shape[1]), X, check_activation(activation))
    return (logits > 0).astype(np.int64)
