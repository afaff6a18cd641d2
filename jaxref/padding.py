"""Padding a problem to a bucket shape, so one compiled function serves many shapes.

XLA compiles once per array shape, and a compilation costs ~0.3 s on a small
CPU: comparing thousands of small networks of different shapes would spend
its time compiling.  Every problem is therefore padded up to a bucket:
hidden widths to a power of two of at least ``MIN_WIDTH``, inputs of at least
``MIN_INPUTS``, the batch of at least ``MIN_BATCH``.  The padding is exact:

- padded hidden units have zero incoming weights, zero bias and zero outgoing
  weights, so they add exact zeros to the next layer whatever their activation;
- padded input features are zero columns of ``X`` with zero weights;
- padded examples are zero rows with weight 0 in the mean (each real example
  weighs ``1 / m``), so they add exact zeros to the loss and the gradient.

Gradients are cut back to the original shapes.
"""

import numpy as np

MIN_WIDTH, MIN_INPUTS, MIN_BATCH = 16, 8, 64


def bucket(n, floor):
    """The smallest power of two >= ``n``, and at least ``floor``."""
    return max(floor, 1 << (int(n) - 1).bit_length())


def pad(params, X, y=None):
    """``(params, X, y, weights)`` padded to bucket shapes (NumPy float64)."""
    m, n = X.shape
    rows = bucket(m, MIN_BATCH)
    widths = [bucket(n, MIN_INPUTS)] + [bucket(W.shape[0], MIN_WIDTH) for W, _ in params[:-1]] + [1]
    padded = []
    for (W, b), fan_in, fan_out in zip(params, widths[:-1], widths[1:]):
        Wp, bp = np.zeros((fan_out, fan_in)), np.zeros(fan_out)
        Wp[:W.shape[0], :W.shape[1]] = W
        bp[:b.shape[0]] = b
        padded.append((Wp, bp))
    Xp = np.zeros((rows, widths[0]))
    Xp[:m, :n] = X
    yp, weights = np.zeros(rows), np.zeros(rows)
    if y is not None:
        yp[:m] = y
    weights[:m] = 1.0 / m
    return padded, Xp, yp, weights


def unpad(grads, params):
    """Gradients of padded params cut back to the shapes of ``params``."""
    return [(np.asarray(dW)[:W.shape[0], :W.shape[1]], np.asarray(db)[:b.shape[0]])
            for (dW, db), (W, b) in zip(grads, params)]
