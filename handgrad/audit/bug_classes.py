"""The bug classes: one test per class, each reproducing a failing gradient from the reference.

A test takes a parameter name, the ``evidence`` (every probe result where the
subject returned an array for it, with that array) and a :class:`Context`;
it returns ``(bug_class, sentence template)`` when it reproduces the
subject's numbers on every probe (to ``DIAG_RTOL``, or within the rounding
floor), else ``None``.  Templates use ``{are}``, ``{its}``, ``{s}`` and
``{es}`` for the grammar of one parameter or several.
"""

from __future__ import annotations

import numpy as np

from handgrad.audit.compare import rel_error
from handgrad.audit.hypotheses import CORRECT, DERIVATIVES, KINK_FLIPPED, Variant, variant_pass

#: A hypothesis explains the subject when it reproduces its numbers to this
#: relative error on every probe.  Two correct implementations agree to ~1e-14
#: (measured; see GRAD_RTOL) and a wrong hypothesis misses by 1e-3 or more.
DIAG_RTOL = 1e-8


def _close(G, E, floor=0.0):
    """G reproduces E: within DIAG_RTOL, or within the rounding floor of a cancelling sum."""
    if E is None or G.shape != E.shape:
        return False
    return rel_error(G, E) <= DIAG_RTOL or float(np.linalg.norm(G - E)) <= floor


def layer_of(name):
    return int(name[1:])


class Context:
    """What the tests need: the activation and a cache of candidate passes."""

    def __init__(self, activation, k_notation=False):
        self.activation = activation
        self.k_notation = k_notation  # name layers "k" when the audit spans several depths
        self._passes = {}

    def run(self, result, variant=Variant()):
        key = (id(result), variant)
        if key not in self._passes:
            probe = result.probe
            self._passes[key] = variant_pass(probe.params, probe.X, probe.y,
                                             self.activation, variant)
        return self._passes[key]

    def candidate(self, result, name, variant=Variant()):
        out = self.run(result, variant)
        layer = layer_of(name) - 1
        return out[0][layer][0 if name[0] == "W" else 1] if layer < len(out[0]) else None


def _holds(evidence, expected, name):
    """Whether ``expected(result, G) -> array | None`` reproduces G on every probe."""
    return all(_close(G, expected(r, G), r.floors[name]) for r, G in evidence)


def _fitted_factor(evidence, name, basis):
    """Least-squares ``c`` with ``G - R ~ c * basis(r)`` over every probe, or None.

    One number is a multiple of any other, so the fit needs at least two
    non-zero entries of the basis to say anything.
    """
    pairs = [(G - r.reference[name], basis(r)) for r, G in evidence]
    if sum(np.count_nonzero(B) for _, B in pairs) < 2:
        return None
    norm = sum(float(np.vdot(B, B)) for _, B in pairs)
    return sum(float(np.vdot(D, B)) for D, B in pairs) / norm


def _scale(name, evidence, ctx):
    if any(G.shape != r.reference[name].shape for r, G in evidence):
        return None

    def times(factor):
        return lambda r, G: factor(r) * r.reference[name]

    if _holds(evidence, times(lambda r: 1.0), name):
        worst = max(rel_error(G, r.reference[name]) for r, G in evidence)
        return "tolerance", (f"agree{{s}} with jax.grad to {worst:.1e} relative: above the "
                             f"tolerance, but at the level of rounding")
    if _holds(evidence, times(lambda r: -1.0), name):
        return "sign", "{are} the negative of the gradient: the sign is flipped"
    if any(r.probe.batch > 1 for r, _ in evidence):
        if _holds(evidence, times(lambda r: r.probe.batch), name):
            return "batch_mean", ("{are} m times the gradient: summed over the batch instead "
                                  "of averaged (missing mean over the batch)")
        if _holds(evidence, times(lambda r: 1.0 / r.probe.batch), name):
            return "batch_mean", ("{are} 1/m times the gradient: the mean over the batch is "
                                  "taken twice")
    c = _fitted_factor(evidence, name, lambda r: r.reference[name])
    if c is not None and c != 0 and _holds(evidence, times(lambda r: 1.0 + c), name):
        return "scale", f"{{are}} the gradient times a constant factor {1.0 + c:.10g}"
    return None


def _weight_decay(name, evidence, ctx):
    if any(G.shape != r.reference[name].shape for r, G in evidence):
        return None

    def value(r):
        return r.probe.params[layer_of(name) - 1][0 if name[0] == "W" else 1]

    rate = _fitted_factor(evidence, name, value)
    if rate and _holds(evidence, lambda r, G: r.reference[name] + rate * value(r), name):
        return "weight_decay", (f"{{are}} the gradient plus {rate:.10g} x the parameter itself: "
                                f"a weight decay (L2) term added to the gradient")
    return None


def _transpose(name, evidence, ctx):
    if name[0] == "W" and _holds(evidence, lambda r, G: r.reference[name].T, name):
        return "transpose", "{are} transposed: {its} transpose is the gradient"
    return None


def _bias_reduction(name, evidence, ctx):
    def summed(r, G):
        """Whether G holds one row per example (either orientation) summing to the gradient."""
        m, R = r.probe.batch, r.reference[name]
        if G.shape == R.shape:  # a batch of one: the single row is the sum
            return m == 1 and _close(G, R, r.floors[name])
        for axis in (0, 1):
            if G.ndim == 2 and G.shape[axis] == m and G.shape[1 - axis] == R.size:
                return _close(G.sum(axis=axis), R.ravel(), r.floors[name])
        return False

    if all(summed(r, G) for r, G in evidence):
        return "bias_reduction", ("{are} not summed over the batch: one row per example, "
                                  "whose sum is the gradient")
    layer = layer_of(name) - 1
    for factor, words in ((1, ""), (None, "m times ")):
        def first(r, G, factor=factor):
            deltas = ctx.run(r)[1]
            row = deltas[layer][0] * (r.probe.batch if factor is None else factor)
            if name[0] == "b":
                return row
            return np.outer(row, ctx.run(r)[2][layer][1][0])
        if _holds(evidence, first, name):
            return "bias_reduction", (f"{{are}} {words}the first example's term only: "
                                      f"the sum over the batch is missing")
    return None


def _mirror(name, depth):
    """The parameter of the same kind in the mirror-image layer (W1 <-> WL)."""
    return f"{name[0]}{depth + 1 - layer_of(name)}"


def _wrong_parameter(name, evidence, ctx):
    others, mirrored = set(), True
    for r, G in evidence:
        if _close(G, r.reference[name], r.floors[name]):
            continue
        found = {other for other, R in r.reference.items() if other != name
                 and (_close(G, R, r.floors[name]) or _close(G, R.T, r.floors[name]))}
        if not found:
            return None
        others |= found
        mirrored &= _mirror(name, len(r.probe.params)) in found
    if not others:
        return None
    if mirrored:
        return "wrong_parameter", ("{are} the gradient of the mirror-image layer (W1 for WL): "
                                   "the gradients come back in reverse layer order")
    if len(others) == 1:
        return "wrong_parameter", f"{{are}} the gradient of {others.pop()}"
    return "wrong_parameter", ("{are} other parameters' gradients: the gradients come back "
                               "swapped or out of order")


def _hidden_layers(name, evidence):
    """Hidden layers k (1-based) whose derivative reaches parameter ``name``."""
    n_layers = max(len(r.probe.params) for r, _ in evidence)
    return list(range(layer_of(name), n_layers))


def _derivative(name, evidence, ctx):
    act = ctx.activation.name
    hidden = _hidden_layers(name, evidence)
    if not hidden:
        return None
    layer_sets = [frozenset(hidden)] + ([frozenset([k]) for k in hidden] if len(hidden) > 1 else [])
    if act in KINK_FLIPPED:
        label, fn = KINK_FLIPPED[act]
        for layers in layer_sets:
            if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(fn, layers)), name):
                value = ctx.activation.grad(np.zeros(1))[0]
                return "kink_convention", (
                    f"differ{{s}} from jax.grad only where a hidden pre-activation is exactly 0: "
                    f"the subject takes {label}, handgrad and JAX take {act}'(0) = {value:g} "
                    f"(the positive branch only when z > 0)")
    deepest_hidden = len(evidence[0][0].probe.params) - 1
    for layers in layer_sets:
        matches = [label for label, fn in DERIVATIVES.items()
                   if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(fn, layers)),
                             name)]
        if matches:
            every = ctx.k_notation and layers == layer_sets[0]
            last = ctx.k_notation and not every and min(layers) == deepest_hidden
            sub = "k" if every or last else str(min(layers))
            where = (" at every hidden layer k" if every
                     else " at the last hidden layer k" if last else "")
            first, rest = matches[0].format(k=sub), [m.format(k=sub) for m in matches[1:]]
            also = f" (on these probes the same as {', '.join(rest)})" if rest else ""
            return "activation_derivative", (
                f"equal{{s}} the gradient obtained with {first} in place of "
                f"{CORRECT[act].format(k=sub)}{where}{also}")
    return None


def _output_delta(name, evidence, ctx):
    if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(output="mse")), name):
        return "output_delta", ("{are} the gradient with the squared-error output delta "
                                "(A - y) A (1 - A) in place of the cross-entropy one (A - y)")
    return None


def _wrong_input(name, evidence, ctx):
    if name[0] != "W":
        return None
    layer = layer_of(name) - 1

    def inputs(r):
        cache = ctx.run(r)[2]
        yield from ((f"A{j}" if j else "X", cache[j][1]) for j in range(len(cache)) if j != layer)
        yield from ((f"Z{j}", cache[j][0]) for j in range(1, len(cache)))

    labels = None
    for r, G in evidence:
        delta = ctx.run(r)[1][layer]
        here = {label for label, M in inputs(r) if M.shape[1] == G.shape[-1]
                and _close(G, delta.T @ M, r.floors[name])}
        labels = here if labels is None else labels & here
    if labels:
        right = f"A{layer}" if layer else "X"
        if f"Z{layer}" in labels:
            return "wrong_input", ("{are} computed from the layer below's pre-activation Z in "
                                   "place of its activation A")
        if "X" in labels:
            return "wrong_input", ("{are} computed from the network input X in place of the "
                                   "layer's input")
        return "wrong_input", f"{{are}} computed from {sorted(labels)[0]} in place of {right}"
    return None


def _backward_weights(name, evidence, ctx):
    for k in _hidden_layers(name, evidence):
        if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(transpose_at=k)), name):
            return "backward_weights", (f"{{are}} the gradient with the error propagated through "
                                        f"W{k + 1}.T in place of W{k + 1} (a transpose too many)")
    return None


HYPOTHESES = (_scale, _weight_decay, _transpose, _bias_reduction, _wrong_parameter,
              _derivative, _output_delta, _wrong_input, _backward_weights)
