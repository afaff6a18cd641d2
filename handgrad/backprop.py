"""The hand-written backward pass: forward with a cache, then one reverse loop.

For a network of any depth (see :mod:`handgrad.network`) and the mean binary
cross-entropy, with ``delta_l = dLoss/dZ_l`` shaped ``(m, fan_out)``:

    delta_L = (sigmoid(z) - y) / m                    output shortcut, (m, 1)
    dW_l    = delta_l.T @ A_{l-1}                     (fan_out, fan_in)
    db_l    = delta_l summed over the batch           (fan_out,)
    delta_{l-1} = (delta_l @ W_l) * g'(Z_{l-1})       (m, fan_in)

Worked by hand (tests/test_backprop.py asserts the same numbers), relu hidden:
X = [[1, 2]], y = [1], W1 = [[0.1, 0.2], [-0.3, -0.4]], b1 = [0, 0],
W2 = [[2, -1]], b2 = [-1]:
    Z1 = [0.5, -1.1], A1 = [0.5, 0], z = 2 * 0.5 - 1 = 0, p = 0.5, loss = ln 2;
    delta_2 = 0.5 - 1 = -0.5; dW2 = -0.5 * [0.5, 0] = [[-0.25, 0]], db2 = [-0.5];
    delta_1 = -0.5 * [2, -1] * relu'([0.5, -1.1]) = [-1, 0.5] * [1, 0] = [-1, 0];
    dW1 = [[-1, -2], [0, 0]], db1 = [-1, 0].
"""

from __future__ import annotations

import numpy as np

from handgrad.losses import bce_from_logits, bce_from_logits_grad
from handgrad.network import checked_forward
from handgrad.validate import check_problem, param_names


def backward(params, cache, logits, y, activation):
    """Gradients ``[(dW, db), ...]`` of the mean BCE, from a forward pass's cache."""
    delta = bce_from_logits_grad(logits, y)[:, None]
    grads = [None] * len(params)
    for layer in reversed(range(len(params))):
        Z_prev, A_prev = cache[layer]
        grads[layer] = (delta.T @ A_prev, delta.sum(axis=0))
        if layer:
            delta = (delta @ params[layer][0]) * activation.grad(Z_prev, A_prev)
    return grads


def loss_and_gradients(params, X, y, activation="tanh"):
    """``(loss, [(dW, db), ...])`` from one forward pass.

    ``params``: ``[(W (fan_out, fan_in), b (fan_out,)), ...]`` float64, last
    layer one unit; ``X (m, n)``; ``y (m,)`` in {0, 1}.  The gradients have
    exactly the params' structure and shapes.  Inputs are not modified.
    """
    params, X, y, act = check_problem(params, X, y, activation)
    logits, cache = checked_forward(params, X, act)
    with np.errstate(over="ignore", invalid="ignore"):
        grads = backward(params, cache, logits, y, act)
    for name, g in zip(param_names(len(grads)), (g for pair in grads for g in pair)):
        if not np.isfinite(g).all():
            raise ValueError(f"params/X: the backward pass overflowed float64 in d{name}: "
                             f"the weights or inputs are too large")
    return bce_from_logits(logits, y), grads


def gradients(params, X, y, activation="tanh"):
    """Gradients ``[(dW, db), ...]`` of the mean BCE; see :func:`loss_and_gradients`."""
    return loss_and_gradients(params, X, y, activation)[1]


def loss(params, X, y, activation="tanh"):
    """Mean binary cross-entropy of the network on ``(X, y)``, a float."""
    params, X, y, act = check_problem(params, X, y, activation)
    logits, _ = checked_forward(params, X, act)
    return bce_from_logits(logits, y)
