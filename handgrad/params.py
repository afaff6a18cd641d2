"""Creating, saving and loading params.

``init_params`` looks a scheme up in the registry and seeds it;
``save_params``/``load_params`` keep params in a NumPy ``.npz`` file with
arrays ``W1, b1, W2, b2, ...``, written atomically and read without pickle.
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np

from handgrad.files import atomic_open
from handgrad.validate import check_layer_sizes, check_params, check_scheme, param_names


def make_rng(seed=None, rng=None):
    """A ``numpy.random.Generator`` from a seed or an existing generator (not both)."""
    if rng is not None:
        if seed is not None:
            raise ValueError(f"seed/rng: expected one of them, got seed={seed!r} and an rng")
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng: expected a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"seed: expected None or a non-negative integer, got {seed!r} ({exc})") \
            from None


def init_params(layer_sizes, scheme="xavier_normal", seed=None, rng=None, **options):
    """Params ``[(W (fan_out, fan_in), b (fan_out,)), ...]`` for ``layer_sizes = [n_in, ..., 1]``.

    ``scheme`` names an entry of ``handgrad.INIT_SCHEMES``; ``options`` go to
    it (``value`` for ``constant``, ``limit`` for ``uniform``, ``std`` for
    ``normal``).  Give ``seed`` or a ``numpy.random.Generator`` ``rng``.
    """
    sizes = check_layer_sizes(layer_sizes)
    fn = check_scheme(scheme)
    allowed = list(inspect.signature(fn).parameters)[2:]
    for key, value in options.items():
        if key not in allowed:
            raise TypeError(f"{key}: not an option of scheme {scheme!r} (its options: "
                            f"{', '.join(allowed) or 'none'})")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                or not np.isfinite(value):
            raise ValueError(f"{key}: expected a finite real number, got {value!r}")
        if key != "value" and value <= 0:
            raise ValueError(f"{key}: expected a number > 0, got {value!r}")
    return fn(sizes, make_rng(seed, rng), **options)


def save_params(path, params):
    """Write params to ``path`` (``.npz``: ``W1, b1, ...``), atomically: old file or new, never half."""
    params = check_params(params)
    arrays = dict(zip(param_names(len(params)), (a for pair in params for a in pair)))
    with atomic_open(path, "wb") as handle:
        np.savez(handle, **arrays)


def load_params(path):
    """Read params saved by :func:`save_params` (``allow_pickle=False``), validated."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (ValueError, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise ValueError(f"path: {path} is not a params file saved by handgrad ({exc})") from None
    layers = len(arrays) // 2
    if set(arrays) != set(param_names(layers)) or len(arrays) != 2 * layers:
        raise ValueError(f"path: expected arrays W1, b1, ... in {path}, got {sorted(arrays)}")
    return check_params([(arrays[f"W{k}"], arrays[f"b{k}"]) for k in range(1, layers + 1)],
                        name=f"params in {path}")
