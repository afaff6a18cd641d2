"""Input checks for the reference, written independently of handgrad's.

Errors are ``TypeError``/``ValueError`` naming the argument, what was expected
and what was received.  Arrays come back as NumPy float64; labels must be 1-D
(a ``(m, 1)`` column would broadcast ``p - y`` into ``(m, m)``).
"""

import numpy as np

from jaxref.activations import ACTIVATIONS


def _real_array(value, name, ndim):
    try:
        a = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected a rectangular numeric array ({exc})") from None
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a real numeric array, got dtype {a.dtype}")
    if a.ndim != ndim or 0 in a.shape:
        raise ValueError(f"{name}: expected a non-empty {ndim}-D array, got shape {a.shape}")
    a = a.astype(np.float64, copy=False)
    if not np.isfinite(a).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise ValueError(f"{name}: expected finite values, got {a[index]} at index {index}")
    return a


def check_inputs(params, X, y, activation, labels=True):
    """Return ``(params, X, y)`` as float64 NumPy; with ``labels=False``, ``y`` is not read."""
    if not isinstance(activation, str):
        raise TypeError(f"activation: expected a name, one of {sorted(ACTIVATIONS)}, "
                        f"got {type(activation).__name__}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation: expected one of {sorted(ACTIVATIONS)}, got {activation!r}")
    X = _real_array(X, "X", 2)
    if labels:
        if y is None:
            raise TypeError("y: expected an array of labels in {0, 1}, got None")
        y = _real_array(y, "y", 1)
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"y: expected {X.shape[0]} labels (one per row of X), "
                             f"got {y.shape[0]}")
        if not np.isin(y, (0.0, 1.0)).all():
            raise ValueError(f"y: expected labels in {{0, 1}}, got {np.setdiff1d(y, (0, 1))[:3]}")
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"params: expected a list of (W, b) pairs, got {type(params).__name__}")
    if not params:
        raise ValueError("params: expected at least one (W, b) layer, got an empty list")
    out, width = [], X.shape[1]
    for i, pair in enumerate(params):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"params[{i}]: expected a (W, b) pair, got {type(pair).__name__}")
        names = (f"params[{i}][0] (W{i + 1})", f"params[{i}][1] (b{i + 1})")
        for name, a in zip(names, pair):
            if np.asarray(a).dtype != np.float64:
                raise TypeError(f"{name}: expected float64, got dtype {np.asarray(a).dtype}")
        W = _real_array(pair[0], names[0], 2)
        b = _real_array(pair[1], names[1], 1)
        if W.shape[1] != width or b.shape != (W.shape[0],):
            raise ValueError(f"params[{i}] (W{i + 1}, b{i + 1}): expected shapes (k, {width}) "
                             f"and (k,), got {W.shape} and {b.shape}")
        out.append((W, b))
        width = W.shape[0]
    if width != 1:
        raise ValueError(f"params: expected one output unit in the last layer, got {width}")
    return out, X, y
