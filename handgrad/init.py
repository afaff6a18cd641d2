"""Initialisation schemes: ``scheme(layer_sizes, rng) -> [(W, b), ...]``.

``layer_sizes = [n_in, h1, ..., 1]``; layer ``l`` gets ``W`` shaped
``(fan_out, fan_in) = (layer_sizes[l+1], layer_sizes[l])`` and ``b`` shaped
``(fan_out,)``, both float64.  Every draw comes from the ``numpy.random.Generator``
passed in, layer by layer, W before b, so one seed gives one set of params.
"""

from __future__ import annotations

import numpy as np

#: Standard deviation of the notebook's ``np.random.randn(...) * 0.01``.
NOTEBOOK_SCALE = 0.01
#: Keras' RandomUniform limit and RandomNormal standard deviation.
KERAS_SCALE = 0.05
#: Value of every weight in the ``constant`` scheme (biases are 0).
CONSTANT_VALUE = 0.1


def _layers(layer_sizes, weight, bias):
    """Build params with ``weight(fan_out, fan_in)`` and ``bias(fan_out)`` per layer."""
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        W = np.asarray(weight(fan_out, fan_in), dtype=np.float64)
        b = np.asarray(bias(fan_out), dtype=np.float64)
        params.append((W, b))
    return params


def _zeros(n):
    return np.zeros(n)


def zeros(layer_sizes, rng):
    """All weights and biases 0: every hidden unit is tied to every other."""
    return _layers(layer_sizes, lambda o, i: np.zeros((o, i)), _zeros)


def zero_weights(layer_sizes, rng):
    """Weights 0, biases N(0, 1) * 0.01: the notebook's initialize_parameters_zeros."""
    return _layers(layer_sizes, lambda o, i: np.zeros((o, i)),
                   lambda o: rng.standard_normal(o) * NOTEBOOK_SCALE)


def small_random(layer_sizes, rng):
    """Weights and biases N(0, 1) * 0.01: the notebook's initialize_parameters."""
    return _layers(layer_sizes, lambda o, i: rng.standard_normal((o, i)) * NOTEBOOK_SCALE,
                   lambda o: rng.standard_normal(o) * NOTEBOOK_SCALE)


def constant(layer_sizes, rng, value=CONSTANT_VALUE):
    """Every weight equal to ``value``, biases 0 (tied units, like ``zeros``)."""
    return _layers(layer_sizes, lambda o, i: np.full((o, i), float(value)), _zeros)


def uniform(layer_sizes, rng, limit=KERAS_SCALE):
    """Weights U(-limit, limit), biases 0."""
    return _layers(layer_sizes, lambda o, i: rng.uniform(-limit, limit, (o, i)), _zeros)


def normal(layer_sizes, rng, std=KERAS_SCALE):
    """Weights N(0, std**2), biases 0."""
    return _layers(layer_sizes, lambda o, i: rng.normal(0.0, std, (o, i)), _zeros)


def xavier_uniform(layer_sizes, rng):
    # Glorot & Bengio 2010, eq. 16: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
    return _layers(layer_sizes,
                   lambda o, i: rng.uniform(-1, 1, (o, i)) * np.sqrt(6.0 / (i + o)), _zeros)


def xavier_normal(layer_sizes, rng):
    # Glorot & Bengio 2010: Var(W) = 2 / (fan_in + fan_out), as a normal.
    return _layers(layer_sizes,
                   lambda o, i: rng.standard_normal((o, i)) * np.sqrt(2.0 / (i + o)), _zeros)


def he_uniform(layer_sizes, rng):
    # He et al. 2015, eq. 10 (Var(W) = 2 / fan_in) as a uniform: a = sqrt(6 / fan_in).
    return _layers(layer_sizes, lambda o, i: rng.uniform(-1, 1, (o, i)) * np.sqrt(6.0 / i), _zeros)


def he_normal(layer_sizes, rng):
    # He et al. 2015, eq. 10: N(0, 2 / fan_in).
    return _layers(layer_sizes, lambda o, i: rng.standard_normal((o, i)) * np.sqrt(2.0 / i), _zeros)


def lecun_normal(layer_sizes, rng):
    # LeCun et al. 1998 (Efficient BackProp, sec. 4.6): N(0, 1 / fan_in), untruncated.
    return _layers(layer_sizes, lambda o, i: rng.standard_normal((o, i)) * np.sqrt(1.0 / i), _zeros)


def _orthogonal_matrix(rng, rows, cols):
    # Saxe et al. 2014: QR of a Gaussian matrix, signs fixed by diag(R) so the
    # result is uniform over orthogonal matrices (Mezzadri 2007).  Rows are
    # orthonormal when rows <= cols (W @ W.T = I), columns otherwise.
    a = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    return q.T if rows <= cols else q


def orthogonal(layer_sizes, rng):
    """Weights orthogonal (gain 1), biases 0."""
    return _layers(layer_sizes, lambda o, i: _orthogonal_matrix(rng, o, i), _zeros)


INIT_SCHEMES = {
    f.__name__: f
    for f in (zeros, zero_weights, small_random, constant, uniform, normal,
              xavier_uniform, xavier_normal, he_uniform, he_normal, lecun_normal,
              orthogonal)
}
