"""Full-batch gradient descent, as the notebook's ``optimization``, with reused buffers.

The maths is :mod:`handgrad.backprop`'s (tests hold the two, and jax.grad, to
the same loss history); the layout is chosen for speed.  A step of the
notebook's workload (70,000 x 3 inputs, 10 tanh units) is bound by memory
traffic over ``(10, 70000)`` arrays, so the loop

- works feature-first (rows are units, columns examples), so that every
  element-wise pass runs over long contiguous rows;
- folds each bias into its weight matrix, ``theta = [W | b]``, and keeps a
  row of ones under every layer's input, so one matrix product gives
  ``Z = W A + b`` and one gives ``[dW | db]`` (no separate sums over the batch);
- allocates every ``(units, m)`` buffer once and writes into it with ``out=``;
- checks the logits for finiteness each step and computes the loss only at
  the recorded steps (a finite logit has a finite loss).
"""

from __future__ import annotations

import numpy as np

from handgrad.losses import bce_from_logits
from handgrad.validate import check_int, check_positive, check_problem


class DivergenceError(ValueError):
    """Training produced a non-finite loss or parameter; ``iteration`` says when.

    A ``ValueError``: the learning rate (or the scale of the data or weights)
    is a value gradient descent cannot work with.
    """

    def __init__(self, message, iteration):
        super().__init__(message)
        self.iteration = iteration


class Workspace:
    """Params and buffers of one network on one batch, feature-first.

    ``theta[l]``: ``(fan_out, fan_in + 1)`` = ``[W_l | b_l]``;
    ``inputs[l]``: ``(fan_in + 1, m)``, the input of layer ``l`` over a row of
    ones (``inputs[0]`` is ``X.T``); ``Z[l]``, ``delta[l]``: ``(h_l, m)`` for
    hidden layer ``l``.  The backward pass overwrites ``Z`` with the
    activation's derivative, the last use of ``Z`` in a step.
    """

    def __init__(self, params, X, y, activation):
        m = X.shape[0]
        self.activation, self.y, self.m = activation, y, m
        self.sign = 1.0 - 2.0 * y  # loss = softplus(sign * z); dloss/dz = sign sigmoid(sign z)
        self.sign_over_m = self.sign / m
        self.s, self.e, self.out = np.empty(m), np.empty(m), np.empty((1, m))
        self.theta = [np.hstack([W, b[:, None]]) for W, b in params]
        self.inputs = [np.vstack([X.T, np.ones((1, m))])]
        self.Z, self.delta = [], []
        for W, _ in params[:-1]:
            h = W.shape[0]
            self.inputs.append(np.vstack([np.empty((h, m)), np.ones((1, m))]))
            self.Z.append(np.empty((h, m)))
            self.delta.append(None)  # allocated on first use (the first layer may not need it)

    def forward(self):
        """Logits ``(m,)``; fills ``Z`` and the activations in ``inputs``."""
        for layer, theta in enumerate(self.theta[:-1]):
            A = self.inputs[layer + 1][:-1]
            np.matmul(theta, self.inputs[layer], out=self.Z[layer])
            self.activation.fn(self.Z[layer], out=A)
        return (self.theta[-1] @ self.inputs[-1])[0]

    def output_delta(self, logits):
        """``(1, m)``: dLoss/dz = ``sign sigmoid(sign z) / m``, the sigmoid of
        :func:`handgrad.activations.sigmoid` computed in place (no temporaries)."""
        s, e, out = self.s, self.e, self.out[0]
        np.multiply(self.sign, logits, out=s)
        np.abs(s, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)  # exp(-|s|): never overflows
        np.copyto(out, e)
        np.copyto(out, 1.0, where=s >= 0)  # numerator: 1 for s >= 0, exp(s) below
        e += 1.0
        np.divide(out, e, out=out)
        out *= self.sign_over_m
        return self.out

    def backward(self, logits):
        """``[dtheta_l]`` = ``[dW_l | db_l]`` of the mean BCE, one per layer."""
        delta = self.output_delta(logits)
        grads = [None] * len(self.theta)
        for layer in reversed(range(len(self.theta))):
            grads[layer] = delta @ self.inputs[layer].T  # [dW | db] in one product
            if not layer:
                break
            W = self.theta[layer][:, :-1]
            Z, A = self.Z[layer - 1], self.inputs[layer][:-1]
            slope = self.activation.grad(Z, A, out=Z)
            if W.shape[0] == 1 and layer == 1:
                # delta_0 = (W.T delta) * slope only feeds [dW1 | db1]: scaling the rows
                # by W after the product saves a pass over an (h, m) array.
                slope *= delta
                grads[0] = (slope @ self.inputs[0].T) * W.T
                break
            if self.delta[layer - 1] is None:
                self.delta[layer - 1] = np.empty_like(Z)
            below = self.delta[layer - 1]
            if W.shape[0] == 1:  # an outer product: broadcasting beats BLAS here
                np.multiply(W.T, delta, out=below)
            else:
                np.matmul(W.T, delta, out=below)
            below *= slope
            delta = below
        return grads

    def params(self):
        """The current params as ``[(W, b), ...]`` (copies)."""
        return [(theta[:, :-1].copy(), theta[:, -1].copy()) for theta in self.theta]


def train(params, X, y, activation="tanh", learning_rate=0.01, iterations=1000,
          record_every=100):
    """Run ``iterations`` steps of ``W <- W - learning_rate * dLoss/dW`` on all of ``(X, y)``.

    Returns ``(params, history)``: new params (the input ones are not
    modified) and ``history = {"iterations": int64 (k,), "losses": float64 (k,)}``,
    the loss before the update at every iteration ``i`` with
    ``i % record_every == 0`` (the notebook records every 100).

    Raises :class:`DivergenceError` naming the iteration at which the loss or
    a parameter stopped being finite, rather than returning NaN params.
    """
    params, X, y, act = check_problem(params, X, y, activation)
    learning_rate = check_positive(learning_rate, "learning_rate")
    iterations = check_int(iterations, "iterations", 0)
    record_every = check_int(record_every, "record_every", 1)
    work = Workspace(params, X, y, act)
    recorded = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
        for i in range(iterations):
            logits = work.forward()
            if not np.isfinite(logits).all():
                raise DivergenceError(f"train: the loss became {bce_from_logits(logits, y)} at "
                                      f"iteration {i} (learning_rate={learning_rate} too large, "
                                      f"or the inputs or weights?)", i)
            if i % record_every == 0:
                recorded.append((i, bce_from_logits(logits, y)))
            for theta, grad in zip(work.theta, work.backward(logits)):
                theta -= learning_rate * grad
            if not all(np.isfinite(theta).all() for theta in work.theta):
                raise DivergenceError(f"train: a parameter became non-finite at iteration {i} "
                                      f"(learning_rate={learning_rate} too large, or the "
                                      f"inputs or weights?)", i)
    steps, losses = zip(*recorded) if recorded else ((), ())
    return work.params(), {"iterations": np.array(steps, dtype=np.int64),
                           "losses": np.array(losses, dtype=np.float64)}
