"""Mean binary cross-entropy computed from the output logit, and its derivative.

With ``p = sigmoid(z)`` the per-example loss ``-y log p - (1 - y) log(1 - p)``
equals ``softplus(z)`` for ``y = 0`` and ``softplus(-z)`` for ``y = 1``, i.e.
``softplus(s)`` with ``s = (1 - 2y) z``.  Written that way it is finite for
every finite logit and keeps full relative precision for tiny losses (the
notebook's ``log(A2)`` is ``-inf`` once the sigmoid rounds to 0 or 1).
"""

from __future__ import annotations

import numpy as np

from handgrad.activations import sigmoid


def softplus(s):
    """``log(1 + exp(s))`` without overflow: ``max(s, 0) + log1p(exp(-|s|))``."""
    return np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))


def bce_from_logits(z, y):
    """Mean binary cross-entropy of logits ``z (m,)`` against labels ``y (m,)``.

    Each term is divided by m before the sum, so logits near the float64
    limit give a finite mean instead of an overflowing sum.
    """
    return float(np.sum(softplus((1.0 - 2.0 * y) * z) / z.shape[0]))


def bce_from_logits_grad(z, y):
    """d(mean BCE)/dz, shape ``(m,)``: ``(sigmoid(z) - y) / m``.

    This is the output-layer shortcut ``A - y``: sigmoid's derivative cancels
    the cross-entropy's denominator.  It holds only for a sigmoid output with
    binary cross-entropy (an MSE loss would leave a factor ``A (1 - A)``).
    Computed as ``(1 - 2y) sigmoid(s) / m`` (the derivative of ``softplus(s)``),
    which equals ``sigmoid(z) - y`` for y in {0, 1} but keeps its relative
    precision when ``sigmoid(z)`` rounds to ``y`` (``1 - sigmoid(40)`` is 0 in
    float64, ``sigmoid(-40)`` is 4.2e-18).
    """
    sign = 1.0 - 2.0 * y
    return sign * sigmoid(sign * z) / z.shape[0]
