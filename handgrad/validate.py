"""Validation at the public boundary.

Every check either returns the value in the engine's canonical form (float64
arrays, ``X (m, n)``, ``y (m,)``, params a list of ``(W (fan_out, fan_in),
b (fan_out,))`` tuples) or raises ``TypeError``/``ValueError`` whose message
names the argument, what was expected and what was received.  Nothing is
reshaped or broadcast silently: labels shaped ``(m, 1)`` are refused, because
``A - y`` would broadcast into an ``(m, m)`` matrix.
"""

from __future__ import annotations

import numbers

import numpy as np

from handgrad.activations import ACTIVATIONS, Activation
from handgrad.init import INIT_SCHEMES

_NUMERIC_KINDS = "biuf"  # bool, signed, unsigned, float


def param_names(n_layers):
    """``['W1', 'b1', 'W2', 'b2', ...]``: the names used in every message and report."""
    return [f"{p}{layer}" for layer in range(1, n_layers + 1) for p in ("W", "b")]


def _as_array(value, name):
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name}: expected a numeric array, got {type(value).__name__}")
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(f"{name}: expected a rectangular numeric array, got {exc}") from None


def _first_bad(mask):
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _check_finite(a, name):
    bad = ~np.isfinite(a)
    if bad.any():
        idx = _first_bad(bad)
        raise ValueError(f"{name}: expected finite values, got {a[idx]!r} at index {idx} "
                         f"({int(bad.sum())} non-finite in all)")


def check_X(X, name="X"):
    """Return ``X`` as a finite float64 array ``(m, n)`` with m, n >= 1."""
    a = _as_array(X, name)
    if a.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name}: expected a real numeric array, got dtype {a.dtype}")
    if a.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array (m examples, n features), "
                         f"got shape {a.shape}")
    if a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"{name}: expected at least one example and one feature, "
                         f"got shape {a.shape}")
    a = a.astype(np.float64, copy=False)
    _check_finite(a, name)
    return a


def check_y(y, m, name="y"):
    """Return ``y`` as a float64 array ``(m,)`` of 0s and 1s."""
    a = _as_array(y, name)
    if a.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name}: expected numeric labels in {{0, 1}}, got dtype {a.dtype}")
    if a.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of shape ({m},), got shape {a.shape} "
                         f"(pass y.ravel() if it is a column or row of labels)")
    if a.shape[0] != m:
        raise ValueError(f"{name}: expected {m} labels (one per row of X), got {a.shape[0]}")
    a = a.astype(np.float64, copy=False)
    bad = (a != 0) & (a != 1)
    if bad.any():
        idx = _first_bad(bad)
        raise ValueError(f"{name}: expected labels in {{0, 1}}, got {a[idx]!r} at index {idx}")
    return a


def check_params(params, n_features=None, name="params"):
    """Return params as a list of float64 ``(W, b)`` tuples forming one MLP.

    Shapes: ``W_l (fan_out, fan_in)``, ``b_l (fan_out,)``; the fan_in of each
    layer is the fan_out of the one before; the last layer has one unit; the
    first fan_in equals ``n_features`` when that is given.
    """
    if isinstance(params, (np.ndarray, str, bytes, dict)) or not hasattr(params, "__len__"):
        raise TypeError(f"{name}: expected a list of (W, b) pairs, got {type(params).__name__}")
    if len(params) == 0:
        raise ValueError(f"{name}: expected at least one (W, b) layer, got an empty list")
    out = []
    for layer, pair in enumerate(params, start=1):
        if isinstance(pair, (np.ndarray, str, bytes)) or not hasattr(pair, "__len__") \
                or len(pair) != 2:
            raise TypeError(f"{name}[{layer - 1}]: expected a (W, b) pair, "
                            f"got {type(pair).__name__}")
        W = _check_param_array(pair[0], f"{name}[{layer - 1}][0] (W{layer})", 2)
        b = _check_param_array(pair[1], f"{name}[{layer - 1}][1] (b{layer})", 1)
        if b.shape[0] != W.shape[0]:
            raise ValueError(f"{name}[{layer - 1}][1] (b{layer}): expected shape "
                             f"({W.shape[0]},) to match W{layer} {W.shape}, got {b.shape}")
        if out and W.shape[1] != out[-1][0].shape[0]:
            raise ValueError(f"{name}[{layer - 1}][0] (W{layer}): expected {out[-1][0].shape[0]} "
                             f"columns (the units of layer {layer - 1}), got shape {W.shape}")
        out.append((W, b))
    if out[-1][0].shape[0] != 1:
        raise ValueError(f"{name}: expected one output unit in the last layer, "
                         f"got W{len(out)} shape {out[-1][0].shape}")
    if n_features is not None and out[0][0].shape[1] != n_features:
        raise ValueError(f"{name}[0][0] (W1): expected {n_features} columns (X has "
                         f"{n_features} features), got shape {out[0][0].shape}")
    return out


def _check_param_array(value, name, ndim):
    a = _as_array(value, name)
    if a.dtype != np.float64:
        raise TypeError(f"{name}: expected a float64 array, got dtype {a.dtype}")
    if a.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array, got shape {a.shape}")
    if 0 in a.shape:
        raise ValueError(f"{name}: expected a non-empty array, got shape {a.shape}")
    _check_finite(a, name)
    return a


def _choice(value, registry, name):
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a name, one of {sorted(registry)}, "
                        f"got {type(value).__name__}")
    if value not in registry:
        raise ValueError(f"{name}: expected one of {sorted(registry)}, got {value!r}")
    return registry[value]


def check_activation(activation, name="activation") -> Activation:
    """Return the registry entry for ``activation``."""
    return _choice(activation, ACTIVATIONS, name)


def check_scheme(scheme, name="scheme"):
    """Return the init function registered as ``scheme``."""
    return _choice(scheme, INIT_SCHEMES, name)


def check_int(value, name, minimum):
    """Return ``value`` as an int, refusing bools, floats and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    return int(value)


def check_positive(value, name):
    """Return ``value`` as a float, refusing non-numbers, NaN, inf and values <= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a positive real number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value}")
    return float(value)


def check_layer_sizes(layer_sizes, name="layer_sizes"):
    """Return ``layer_sizes`` as a list ``[n_in, h1, ..., 1]`` of positive ints."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(f"{name}: expected a list of ints like [3, 10, 1], "
                        f"got {type(layer_sizes).__name__}")
    if len(layer_sizes) < 2:
        raise ValueError(f"{name}: expected at least an input and an output size, "
                         f"got {list(layer_sizes)}")
    sizes = [check_int(s, f"{name}[{i}]", 1) for i, s in enumerate(layer_sizes)]
    if sizes[-1] != 1:
        raise ValueError(f"{name}: expected one output unit (last size 1), got {sizes}")
    return sizes


def check_problem(params, X, y, activation):
    """Validate one call of the engine; returns ``(params, X, y, Activation)``."""
    X = check_X(X)
    return (check_params(params, n_features=X.shape[1]), X, check_y(y, X.shape[0]),
            check_activation(activation))
