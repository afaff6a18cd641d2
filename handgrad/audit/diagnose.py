"""Diagnosis: which parameters are wrong, where the error enters, and what kind of mistake it is.

Each failing parameter is tested against hypotheses, in order; a hypothesis
holds only if it explains the subject's numbers on *every* probe where the
subject returned an array for that parameter (to ``DIAG_RTOL``).  Bug classes:

``sign``, ``batch_mean``, ``scale``, ``weight_decay``, ``transpose``,
``bias_reduction``, ``wrong_parameter``, ``kink_convention``,
``activation_derivative``, ``output_delta``, ``wrong_input``,
``backward_weights``, ``subject_error``, ``tolerance``, ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handgrad.audit.compare import rel_error
from handgrad.audit.hypotheses import CORRECT, DERIVATIVES, KINK_FLIPPED, Variant, variant_pass
from handgrad.validate import param_names

#: A hypothesis explains the subject when it reproduces its numbers to this
#: relative error on every probe.  Two correct implementations agree to ~1e-14
#: (measured; see GRAD_RTOL) and a wrong hypothesis misses by 1e-3 or more.
DIAG_RTOL = 1e-8


@dataclass(frozen=True)
class Finding:
    """One diagnosis: a bug class, the parameters it concerns, and a plain sentence."""

    bug_class: str
    params: tuple
    sentence: str

    def to_dict(self):
        return {"bug_class": self.bug_class, "params": list(self.params),
                "sentence": self.sentence}


def _close(G, E, floor=0.0):
    """G reproduces E: within DIAG_RTOL, or within the rounding floor of a cancelling sum."""
    if E is None or G.shape != E.shape:
        return False
    return rel_error(G, E) <= DIAG_RTOL or float(np.linalg.norm(G - E)) <= floor


def _layer(name):
    return int(name[1:])


class _Context:
    """What the hypotheses need: the activation and a cache of candidate passes."""

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
        layer = _layer(name) - 1
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
        return r.probe.params[_layer(name) - 1][0 if name[0] == "W" else 1]

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
        m, R = r.probe.batch, r.reference[name]
        if G.shape == R.shape:  # a batch of one: the single row is the sum
            return R if m == 1 else None
        if G.ndim == 2 and G.shape[0] == m and G.shape[1] == R.size:
            return G.sum(axis=0).reshape(R.shape) if _close(G.sum(axis=0), R.ravel(), r.floors[name]) else None
        if G.ndim == 2 and G.shape[1] == m and G.shape[0] == R.size:
            return G.sum(axis=1).reshape(R.shape) if _close(G.sum(axis=1), R.ravel(), r.floors[name]) else None
        return None

    if all(summed(r, G) is not None for r, G in evidence):
        return "bias_reduction", ("{are} not summed over the batch: one row per example, "
                                  "whose sum is the gradient")
    layer = _layer(name) - 1
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
    return f"{name[0]}{depth + 1 - _layer(name)}"


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
    return list(range(_layer(name), n_layers))


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
    for layers in layer_sets:
        matches = [label for label, fn in DERIVATIVES.items()
                   if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(fn, layers)), name)]
        if matches:
            every = ctx.k_notation and layers == layer_sets[0]
            last = ctx.k_notation and not every and min(layers) == len(evidence[0][0].probe.params) - 1
            sub = "k" if every or last else str(min(layers))
            where = " at every hidden layer k" if every else " at the last hidden layer k" if last else ""
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
    layer = _layer(name) - 1

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
            return "wrong_input", "{are} computed from the network input X in place of the layer's input"
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


def _on_kinks_only(name, results):
    failing = [r for r in results if not r.verdicts.get(name, True)]
    return failing and all(r.probe_has_zero_pre_activation for r in failing)


def _explain(name, results, ctx):
    evidence = [(r, r.subject.grads[name]) for r in results
                if name in r.subject.grads and name in r.reference
                and np.isfinite(r.subject.grads[name]).all()]
    for hypothesis in HYPOTHESES if evidence else ():
        found = hypothesis(name, evidence, ctx)
        if found:
            return found
    reasons = sorted({r.subject.problems[name] for r in results if name in r.subject.problems})
    if reasons:
        count = sum(name in r.subject.problems for r in results)
        more = f" (and {len(reasons) - 1} other reason(s))" if len(reasons) > 1 else ""
        return "subject_error", (f"{{are}} not usable on {count} of {len(results)} probes: "
                                 f"{reasons[0]}{more}")
    if _on_kinks_only(name, results):
        return "kink_convention", ("differ{s} from jax.grad only on probes where a hidden "
                                   "pre-activation is exactly 0: another derivative at the kink")
    worst = max(results, key=lambda r: r.comparisons[name].rel_error
                if r.comparisons.get(name) else -1.0)
    cmp = worst.comparisons.get(name)
    detail = f"; worst relative error {cmp.rel_error:.3g} on {worst.probe.name}" if cmp else ""
    return "unknown", f"match{{es}} none of the known bug classes{detail}"


#: Placeholders in the finding templates, as (plural, singular) words.
_GRAMMAR = {"{are}": ("are", "is"), "{its}": ("their", "its"), "{s}": ("", "s"),
            "{es}": ("", "es")}


def _join(names):
    return ", ".join(names)


def _first_wrong_layers(groups):
    """``{depth: first wrong layer counting back from the output}`` for depths with failures."""
    out = {}
    for depth, group in groups.items():
        failing = [n for n in param_names(depth) if any(not r.verdicts.get(n, True) for r in group)]
        if failing:
            out[depth] = max(_layer(n) for n in failing)
    return out


def localise(names, failing, groups):
    """The sentence naming the right and wrong parameters and the first wrong layer."""
    if not failing:
        return None
    right = [n for n in names if n not in failing]
    if right:
        head = (f"{_join(right)} match{'' if len(right) > 1 else 'es'} jax.grad on every probe; "
                f"{_join(failing)} do{'' if len(failing) > 1 else 'es'} not.")
    else:
        head = f"No parameter matches jax.grad: {_join(failing)} all differ."
    first = _first_wrong_layers(groups)
    if len(groups) == 1:
        where = f"layer {first.popitem()[1]}"
    else:
        where = ", ".join(f"layer {k} of {depth}" for depth, k in sorted(first.items())) + \
            " (by number of layers)"
    return Finding("localisation", tuple(failing),
                   f"{head} Counting back from the output, the first wrong layer is {where}.")


def diagnose(results, activation, names):
    """Findings for the probe ``results`` of one audit; ``names`` orders the parameters.

    Probes are diagnosed per network depth (a parameter name such as W2 is the
    output layer of one network and a hidden layer of a deeper one); findings
    with the same sentence are merged across depths.
    """
    failing = [n for n in names if any(not r.verdicts.get(n, True) for r in results)]
    groups = {}
    for r in results:
        groups.setdefault(len(r.probe.params), []).append(r)
    findings = [f for f in (localise(names, failing, groups),) if f]
    ctx = _Context(activation, k_notation=max(groups) > 2)
    grouped = {}
    for depth, group in sorted(groups.items()):
        for name in param_names(depth):
            if any(not r.verdicts.get(name, True) for r in group):
                found = _explain(name, group, ctx)
                if found[0] == "unknown" and len(groups) > 1:  # too few probes of this depth?
                    joint = _explain(name, results, ctx)
                    found = found if joint[0] == "unknown" else joint
                members = grouped.setdefault(found, [])
                if name not in members:
                    members.append(name)
    for (bug_class, template), members in grouped.items():
        members.sort(key=names.index)
        plural = len(members) > 1
        sentence = template
        for word, (many, one) in _GRAMMAR.items():
            sentence = sentence.replace(word, many if plural else one)
        findings.append(Finding(bug_class, tuple(members),
                                f"{_join(f'd{n}' for n in members)} {sentence}."))
    mutated = sorted({path for r in results for path in r.subject.mutated})
    if mutated:
        count = sum(1 for r in results if r.subject.mutated)
        findings.append(Finding("side_effect", tuple(mutated),
                                f"The subject modified its inputs ({_join(mutated)}) on "
                                f"{count} probe(s): a gradient function must not change them."))
    return findings
