"""Creating params: ``init_params`` looks a scheme up in the registry and seeds it."""

from __future__ import annotations

import numpy as np

from handgrad.validate import check_layer_sizes, check_scheme


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
    return fn(sizes, make_rng(seed, rng), **options)
