"""How far two correct float64 gradients may differ: the rounding floor of each entry.

A gradient entry is a sum over the batch of products along the backward
pass.  Higham (Accuracy and Stability of Numerical Algorithms, 2nd ed., 2002,
eq. 3.5 and sec. 4.2) bounds the rounding error of a computed sum or dot
product of n terms by ``gamma_n * sum |terms|`` with ``gamma_n = n u / (1 - n u)``
and ``u = 2**-53``.  When the terms cancel (balanced labels, saturated
outputs on both sides), the gradient is far smaller than ``sum |terms|`` and
two correct implementations that sum in another order differ by far more
than ``rtol`` *relatively* while agreeing to the last bits of the terms.  A
difference within this floor is rounding, not a bug.
"""

from __future__ import annotations

import numpy as np

from handgrad.activations import sigmoid
from handgrad.network import forward
from handgrad.validate import param_names

#: Unit roundoff of float64.
UNIT_ROUNDOFF = 2.0 ** -53
#: Rounding of each element-wise function (tanh, exp, log1p) along the chain, in units of u;
#: libm's float64 tanh and exp are within 1-2 ulp (glibc's documented bounds), doubled.
ELEMENTWISE_ULPS = 4


def rounding_floor(params, X, y, activation):
    """``{name: floor}``: the Frobenius norm two correct gradients may differ by, per parameter.

    Computed from the magnitudes of the terms: the backward pass run on
    absolute values (``|p - y| / m``, ``|W|``, ``|g'(Z)|``, ``|A|``), times
    ``2 gamma_n`` for the two implementations, ``n`` counting every addition
    and element-wise function along the longest chain.
    """
    logits, cache = forward(params, X, activation)
    n = X.shape[0] + sum(W.shape[1] for W, _ in params) + ELEMENTWISE_ULPS * (len(params) + 1)
    gamma = n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF)
    delta = (np.abs(sigmoid(logits) - y) / y.shape[0])[:, None]
    floors = [None] * len(params)
    for layer in reversed(range(len(params))):
        Z_prev, A_prev = cache[layer]
        floors[layer] = (np.linalg.norm(delta.T @ np.abs(A_prev)), np.linalg.norm(delta.sum(axis=0)))
        if layer:
            delta = (delta @ np.abs(params[layer][0])) * np.abs(activation.grad(Z_prev, A_prev))
    flat = [f for pair in floors for f in pair]
    return {name: float(2 * gamma * f) for name, f in zip(param_names(len(params)), flat)}
