"""The probe set: the points at which a backward pass is compared with autodiff.

A probe is one network (layer sizes, init scheme, seed) and one batch
``(X, y)``.  Kinds:

- ``random``: every init scheme x seeds on the declared network, batches from 1 up;
- ``shape``: small odd shapes (one hidden unit, one input, square layers, more
  depth when the convention allows), so transposed or misplaced results show;
- ``data``: rows of the notebook's own data set (blobs, |x| up to ~10);
- ``kink``: zero biases and all-zero input rows (labelled 1, so their
  deltas do not cancel), so hidden pre-activations are exactly 0 where a
  ReLU'(0) convention decides the answer;
- ``saturation``: weights scaled up so the output sigmoid saturates, on a
  batch whose labels are mixed (so the gradient stays of order one).

Probes are deterministic: one ``seed`` gives one probe set.  Batch sizes are
few and shared across probes, so the reference's compiled functions are
reused rather than recompiled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handgrad.data import blobs
from handgrad.params import init_params
from handgrad.init import INIT_SCHEMES

#: Batch sizes cycled through the random probes (1 catches "no sum over the batch").
BATCHES = (1, 2, 7, 33)
#: Biases of the odd-shape probes, N(0, this**2): Xavier's zero biases would hide
#: bias bugs (weight decay on biases, say) in every deeper network.
SHAPE_BIAS_STD = 0.1
#: Factor on He-normal weights in the saturation probes: |logit| ~ 30, sigmoid within 1e-13 of 0 or 1.
SATURATION_SCALE = 20.0


@dataclass(frozen=True, eq=False)
class Probe:
    kind: str
    init: str
    seed: int
    layer_sizes: tuple
    X: np.ndarray
    y: np.ndarray
    params: list

    @property
    def batch(self):
        return self.X.shape[0]

    @property
    def name(self):
        shape = "-".join(map(str, self.layer_sizes))
        return f"{self.kind}:{self.init}/seed{self.seed} {shape} m={self.batch}"


def _labels(rng, m):
    """Labels with both classes present whenever m >= 2."""
    y = (rng.random(m) > 0.5).astype(np.float64)
    if m >= 2:
        y[0], y[1] = 0.0, 1.0
    return y


def _probe(kind, init, seed, sizes, batch, X=None, y=None, scale=1.0, zero_rows=False,
           bias_std=0.0):
    rng = np.random.default_rng([seed, batch, *sizes])
    params = init_params(sizes, init, seed=seed)
    if scale != 1.0:
        params = [(W * scale, b * scale) for W, b in params]
    if bias_std:
        params = [(W, b + rng.normal(0.0, bias_std, b.shape)) for W, b in params]
    if X is None:
        X = rng.standard_normal((batch, sizes[0]))
    y = _labels(rng, X.shape[0]) if y is None else np.asarray(y, dtype=np.float64)
    if zero_rows:
        # Every other row all zero, all labelled 1: their output deltas (sigmoid(0) - 1) / m
        # add up instead of cancelling, so a derivative taken at Z = 0 shows in the gradient.
        X = X.copy()
        X[::2] = 0.0
        y = y.copy()
        y[::2] = 1.0
    label = init if scale == 1.0 else f"{init} x{scale:g}"
    return Probe(kind, label + (" +bias" if bias_std else ""), seed, tuple(sizes), X, y, params)


def make_probes(layer_sizes, seeds=(0, 1), extra_shapes=(), schemes=None):
    """The probe list for a network ``layer_sizes = [n_in, ..., 1]``.

    ``extra_shapes``: further layer-size lists probed with one scheme each
    (the odd shapes); ``schemes``: init schemes to sweep (default: all).
    """
    sizes = list(layer_sizes)
    schemes = sorted(INIT_SCHEMES) if schemes is None else list(schemes)
    probes = []
    for i, (scheme, seed) in enumerate((s, d) for s in schemes for d in seeds):
        probes.append(_probe("random", scheme, seed, sizes, BATCHES[i % len(BATCHES)]))
    for shape in extra_shapes:
        for seed in seeds:
            probes.append(_probe("shape", "xavier_normal", seed, list(shape), BATCHES[2],
                                 bias_std=SHAPE_BIAS_STD))
    if sizes[0] == 3:  # the notebook's data have three features
        X, y = blobs(n_samples=BATCHES[-1], seed=seeds[0])
        probes.append(_probe("data", "small_random", seeds[0], sizes, BATCHES[-1], X=X, y=y))
    if len(sizes) > 2:
        for seed in seeds:
            probes.append(_probe("kink", "xavier_normal", seed, sizes, BATCHES[2], zero_rows=True))
    for shape in extra_shapes:
        if len(shape) > 3:  # deeper networks: kinks two and three layers down
            probes.append(_probe("kink", "xavier_normal", seeds[0], list(shape), BATCHES[2],
                                 zero_rows=True))
    for seed in seeds:
        probes.append(_probe("saturation", "he_normal", seed, sizes, BATCHES[-1],
                             scale=SATURATION_SCALE))
    return probes
