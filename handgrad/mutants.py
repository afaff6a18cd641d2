"""A catalogue of known backprop bugs: mutants of the correct backward pass.

Each mutant is a realistic mistake, written as the one piece of the backward
pass it changes (a hook of :func:`mutant_gradients`), and declares the bug
class the audit should name and the parameters it corrupts, as a function of
the number of layers.  ``handgrad audit --mutants`` audits every one of them
(and the correct engine, for false positives); the audit must kill them all.

The mutants are written independently of the diagnosis' hypotheses: a hook
is arbitrary code, not a parameter of the hypothesis library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from handgrad.activations import ACTIVATIONS, LEAKY_SLOPE, sigmoid
from handgrad.network import forward
from handgrad.validate import param_names


def _hidden(n_layers):
    return tuple(param_names(n_layers - 1))


def _all(n_layers):
    return tuple(param_names(n_layers))


def _weights(n_layers):
    return tuple(n for n in param_names(n_layers) if n[0] == "W")


def _biases(n_layers):
    return tuple(n for n in param_names(n_layers) if n[0] == "b")


@dataclass(frozen=True)
class Mutant:
    """One bug: ``name``, what it does, the class to be named, the network it is audited as."""

    name: str
    description: str
    bug_class: str
    activation: str
    corrupts: Callable[[int], tuple]  # number of layers -> parameter names it makes wrong
    hooks: dict = field(default_factory=dict)

    def gradients(self, params, X, y):
        """The mutant's gradient, ``f(params, X, y) -> [(dW, db), ...]`` (handgrad convention)."""
        return mutant_gradients(params, X, y, ACTIVATIONS[self.activation], self.hooks)


def mutant_gradients(params, X, y, activation, hooks):
    """The correct backward pass, with any of its pieces replaced by ``hooks``:

    ``delta(p, y, m)`` the output delta ``(m, 1)``; ``slope(Z, A, layer,
    n_layers)`` the hidden derivative; ``dW(delta, A_prev, Z_prev, X, layer)``;
    ``db(delta, b, layer)``; ``back(W)`` the matrix the delta is propagated
    through; ``finish(grads, params)`` the list returned.
    """
    logits, cache = forward(params, X, activation)
    p, m, n_layers = sigmoid(logits), X.shape[0], len(params)
    delta = hooks.get("delta", lambda p, y, m: ((p - y) / m)[:, None])(p, y, m)
    grads = []
    for layer in reversed(range(n_layers)):
        Z_prev, A_prev = cache[layer]
        W, b = params[layer]
        dW = hooks.get("dW", lambda d, A, Z, X, k: d.T @ A)(delta, A_prev, Z_prev, X, layer)
        db = hooks.get("db", lambda d, b, k: d.sum(axis=0))(delta, b, layer)
        grads.append((dW, db))
        if layer:
            slope = hooks.get("slope", lambda Z, A, k, n: activation.grad(Z, A))
            delta = (delta @ hooks.get("back", lambda W: W)(W)) * slope(Z_prev, A_prev, layer,
                                                                        n_layers)
    return hooks.get("finish", lambda g, params: g)(grads[::-1], params)


def _square_transposed(W):
    return W.T if W.shape[0] == W.shape[1] else W


MUTANTS = [
    Mutant("notebook_relu_of_tanh_output", "relu'(A) of the tanh output in place of tanh'(Z) "
           "(the notebook's bug)", "activation_derivative", "tanh", _hidden,
           {"slope": lambda Z, A, k, n: (A > 0).astype(np.float64)}),
    Mutant("tanh_prime_on_z", "tanh' computed on Z instead of A: 1 - Z**2",
           "activation_derivative", "tanh", _hidden, {"slope": lambda Z, A, k, n: 1 - Z ** 2}),
    Mutant("sigmoid_prime_for_tanh", "sigmoid'(Z) used for a tanh layer",
           "activation_derivative", "tanh", _hidden,
           {"slope": lambda Z, A, k, n: sigmoid(Z) * (1 - sigmoid(Z))}),
    Mutant("output_derivative_for_hidden", "the output's A (1 - A) applied to the hidden output",
           "activation_derivative", "tanh", _hidden, {"slope": lambda Z, A, k, n: A * (1 - A)}),
    Mutant("derivative_dropped", "the hidden derivative left out", "activation_derivative",
           "tanh", _hidden, {"slope": lambda Z, A, k, n: np.ones_like(Z)}),
    Mutant("last_hidden_derivative_dropped", "the derivative left out at the last hidden "
           "layer only", "activation_derivative", "tanh", _hidden,
           {"slope": lambda Z, A, k, n: np.ones_like(Z) if k == n - 1 else 1 - A * A}),
    Mutant("relu_prime_zero_is_one", "relu'(0) = 1: the positive branch at z >= 0",
           "kink_convention", "relu", lambda n: tuple(b for b in _biases(n - 1)),
           {"slope": lambda Z, A, k, n: (Z >= 0).astype(np.float64)}),
    Mutant("leaky_prime_zero_is_one", "leaky_relu'(0) = 1 (jax.nn.leaky_relu's convention)",
           "kink_convention", "leaky_relu", lambda n: tuple(b for b in _biases(n - 1)),
           {"slope": lambda Z, A, k, n: np.where(Z >= 0, 1.0, LEAKY_SLOPE)}),
    Mutant("missing_mean_dW", "dW summed over the batch, not averaged", "batch_mean", "tanh",
           _weights, {"dW": lambda d, A, Z, X, k: (d * len(d)).T @ A}),
    Mutant("missing_mean_db", "db summed over the batch, not averaged", "batch_mean", "tanh",
           _biases, {"db": lambda d, b, k: (d * len(d)).sum(axis=0)}),
    Mutant("mean_taken_twice", "dW and db divided by m a second time", "batch_mean", "tanh",
           _all, {"dW": lambda d, A, Z, X, k: d.T @ A / len(d),
                  "db": lambda d, b, k: d.sum(axis=0) / len(d)}),
    Mutant("db_mean_of_mean", "db = delta.mean(axis=0) when delta already carries 1/m",
           "batch_mean", "relu", _biases, {"db": lambda d, b, k: d.mean(axis=0)}),
    Mutant("sign_flip_output_weights", "dW of the output layer negated", "sign", "tanh",
           lambda n: (f"W{n}",), {"finish": lambda g, p: g[:-1] + [(-g[-1][0], g[-1][1])]}),
    Mutant("sign_flip_first_bias", "db1 negated", "sign", "sigmoid",
           lambda n: ("b1",) if n > 1 else (),
           {"finish": lambda g, p: [(g[0][0], -g[0][1])] + g[1:] if len(g) > 1 else g}),
    Mutant("ascent_direction", "output delta y - A instead of A - y", "sign", "tanh", _all,
           {"delta": lambda p, y, m: ((y - p) / m)[:, None]}),
    Mutant("bias_from_first_example", "db taken from the first example only", "bias_reduction",
           "tanh", _biases, {"db": lambda d, b, k: d[0]}),
    Mutant("bias_not_reduced", "db returned per example, not summed over the batch",
           "bias_reduction", "tanh", _biases, {"db": lambda d, b, k: d}),
    Mutant("transposed_first_weight_gradient", "dW1 returned transposed", "transpose", "tanh",
           lambda n: ("W1",), {"finish": lambda g, p: [(g[0][0].T, g[0][1])] + g[1:]}),
    Mutant("pre_activation_in_dW", "dW computed from the previous layer's Z instead of its A",
           "wrong_input", "tanh", lambda n: _weights(n)[1:],
           {"dW": lambda d, A, Z, X, k: d.T @ (A if Z is None else Z)}),
    Mutant("inputs_in_every_dW", "dW of every layer computed from X (copy-paste of layer 1)",
           "wrong_input", "tanh", lambda n: _weights(n)[1:],
           {"dW": lambda d, A, Z, X, k: d.T @ X}),
    Mutant("extra_transpose_backward", "the delta propagated through W.T where the shapes allow",
           "backward_weights", "tanh", lambda n: ("W1", "b1") if n > 3 else (),
           {"back": _square_transposed}),
    Mutant("mse_output_delta", "squared-error output delta (A - y) A (1 - A)", "output_delta",
           "tanh", _all, {"delta": lambda p, y, m: ((p - y) * p * (1 - p) / m)[:, None]}),
    Mutant("weight_decay_added", "1e-4 x W added to every dW", "weight_decay", "tanh",
           _weights, {"finish": lambda g, p: [(dW + 1e-4 * W, db)
                                              for (dW, db), (W, b) in zip(g, p)]}),
    Mutant("weight_decay_on_biases", "1e-4 x b added to every db as well", "weight_decay",
           "relu", _biases, {"finish": lambda g, p: [(dW, db + 1e-4 * b)
                                                     for (dW, db), (W, b) in zip(g, p)]}),
    Mutant("layers_out_of_order", "grads appended in the reverse loop and never reversed",
           "wrong_parameter", "tanh", lambda n: _all(n) if n > 1 else (),
           {"finish": lambda g, p: g[::-1]}),
]
