"""How far two correct float64 gradients may differ: the rounding floor of each parameter.

A gradient entry is a sum over the batch of products along the backward
pass.  Higham (Accuracy and Stability of Numerical Algorithms, 2nd ed., 2002,
eq. 3.5 and sec. 4.2) bounds the rounding error of a computed sum or dot
product of n terms by ``gamma_n * sum |terms|``, ``gamma_n = n u / (1 - n u)``,
``u = 2**-53``.  Two cases make correct implementations differ by far more
than a relative 1e-10:

- cancelling sums (balanced labels): the gradient is far smaller than the
  sum of the magnitudes of its terms;
- saturation: ``1 - A**2`` (tanh') or ``A (1 - A)`` (sigmoid') of an output
  that rounds to +-1 or 0/1 carries an *absolute* error of a few u, as does
  ``sigmoid(z) - y`` computed the textbook way, so a derivative that is truly
  1e-17 comes out 0 or 2e-16 depending on the formula.

The floor propagates both through the backward pass (first-order error
analysis); a difference within it is rounding, not a bug.
"""

from __future__ import annotations

import numpy as np

from handgrad.activations import sigmoid
from handgrad.network import forward
from handgrad.validate import param_names

#: Unit roundoff of float64.
UNIT_ROUNDOFF = 2.0 ** -53
#: Absolute error, in units of u, of a derivative or an output delta computed in
#: float64 (1 - A**2 with |A| <= 1 is within 3u; libm's tanh and exp are within
#: 1-2 ulp, glibc's documented bounds); 4 covers either side's formula.
ELEMENTWISE_ULPS = 4


def rounding_floor(params, X, y, activation):
    """``{name: floor}``: the Frobenius norm two correct gradients may differ by, per parameter.

    ``D`` bounds ``|delta|`` (the backward pass on absolute values) and ``E``
    the error of ``delta``; both flow back layer by layer.  The floor of
    ``dW_l`` is ``2 (E_l + gamma D_l)^T |A_{l-1}|`` (two implementations),
    of ``db_l`` the same with a row of ones; ``n`` counts every addition and
    element-wise function along the longest chain.
    """
    logits, cache = forward(params, X, activation)
    m = X.shape[0]
    n = m + sum(W.shape[1] for W, _ in params) + ELEMENTWISE_ULPS * (len(params) + 1)
    gamma = n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF)
    slack = ELEMENTWISE_ULPS * UNIT_ROUNDOFF
    D = (np.abs(sigmoid(logits) - y) / m)[:, None]
    E = gamma * D + slack / m
    floors = [None] * len(params)
    for layer in reversed(range(len(params))):
        Z_prev, A_prev = cache[layer]
        bound = E + gamma * D
        floors[layer] = (2 * np.linalg.norm(bound.T @ np.abs(A_prev)),
                         2 * np.linalg.norm(bound.sum(axis=0)))
        if layer:
            back_D = D @ np.abs(params[layer][0])
            back_E = E @ np.abs(params[layer][0])
            slope = np.abs(activation.grad(Z_prev, A_prev))
            D = back_D * slope
            E = back_E * slope + back_D * (gamma * slope + slack)
    flat = [float(f) for pair in floors for f in pair]
    return dict(zip(param_names(len(params)), flat))
