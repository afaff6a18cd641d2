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

#: A hypothesis explains the subject when it reproduces its numbers to this
#: relative error on every probe.  Two correct implementations agree to ~1e-14
#: (measured; see GRAD_RTOL) and a wrong hypothesis misses by 1e-3 or more.
DIAG_RTOL = 1e-8
#: Two fitted factors (e.g. c and the batch size m) are the same number to this
#: relative error.  A factor fitted by least squares where the hypothesis holds
#: is exact to ~1e-14 (measured), so 1e-9 still tells 1 + 1e-6 from 1.
FACTOR_RTOL = 1e-9


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


def _same(a, b):
    return abs(a - b) <= FACTOR_RTOL * max(abs(a), abs(b))


def _layer(name):
    return int(name[1:])


class _Context:
    """What the hypotheses need: the activation and a cache of candidate passes."""

    def __init__(self, activation):
        self.activation = activation
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
        if out is None:
            return None
        layer = _layer(name) - 1
        return out[0][layer][0 if name[0] == "W" else 1] if layer < len(out[0]) else None


def _holds(evidence, expected, name):
    """Whether ``expected(result, G) -> array | None`` reproduces G on every probe."""
    return all(_close(G, expected(r, G), r.floors[name]) for r, G in evidence)


def _scale(name, evidence, ctx):
    factors = []
    for r, G in evidence:
        R = r.reference[name]
        if G.shape != R.shape:
            return None
        norm = float(np.vdot(R, R))
        if norm == 0:
            if not _close(G, R, r.floors[name]):
                return None
            continue
        c = float(np.vdot(G, R)) / norm
        if not _close(G, c * R, r.floors[name]):
            return None
        factors.append((c, r.probe.batch))
    if not factors:
        return None
    if all(_close(G, r.reference[name], r.floors[name]) for r, G in evidence):
        worst = max(rel_error(G, r.reference[name]) for r, G in evidence)
        return "tolerance", (f"agree{{s}} with jax.grad to {worst:.1e} relative: above the "
                             f"tolerance, but at the level of rounding")
    if all(_same(c, -1.0) for c, _ in factors):
        return "sign", "{are} the negative of the gradient: the sign is flipped"
    if all(_same(c, m) for c, m in factors) and any(m > 1 for _, m in factors):
        return "batch_mean", ("{are} m times the gradient: summed over the batch instead of "
                              "averaged (missing mean over the batch)")
    if all(_same(c, 1.0 / m) for c, m in factors) and any(m > 1 for _, m in factors):
        return "batch_mean", "{are} 1/m times the gradient: the mean over the batch is taken twice"
    c0 = factors[0][0]
    if all(_same(c, c0) for c, _ in factors):
        return "scale", f"{{are}} the gradient times a constant factor {c0:.10g}"
    return None


def _weight_decay(name, evidence, ctx):
    rates = []
    for r, G in evidence:
        R = r.reference[name]
        P = r.probe.params[_layer(name) - 1][0 if name[0] == "W" else 1]
        if G.shape != R.shape:
            return None
        norm = float(np.vdot(P, P))
        if norm == 0:
            if not _close(G, R, r.floors[name]):
                return None
            continue
        rate = float(np.vdot(G - R, P)) / norm
        if not _close(G, R + rate * P, r.floors[name]):
            return None
        rates.append(rate)
    if rates and all(_same(rate, rates[0]) for rate in rates) and rates[0] != 0:
        return "weight_decay", (f"{{are}} the gradient plus {rates[0]:.10g} x {name}: a weight "
                                f"decay (L2) term added to the gradient")
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


def _wrong_parameter(name, evidence, ctx):
    others = sorted({other for r, _ in evidence for other in r.reference} - {name})
    for other in others:
        for transform, words in ((lambda a: a, ""), (np.transpose, " transposed")):
            if all(other in r.reference and _close(G, transform(r.reference[other]), r.floors[name])
                   for r, G in evidence):
                return "wrong_parameter", f"{{are}} the gradient of {other}{words}"
    return None


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
    deepest = max(len(r.probe.params) - 1 for r, _ in evidence)
    for layers in layer_sets:
        matches = [label for label, fn in DERIVATIVES.items()
                   if _holds(evidence, lambda r, G: ctx.candidate(r, name, Variant(fn, layers)), name)]
        if matches:
            every = deepest > 1 and layers == layer_sets[0]
            sub = "k" if every else str(min(layers))
            where = " at every hidden layer k" if every else ""
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
        used = sorted(labels)[0]
        right = f"A{layer}" if layer else "X"
        return "wrong_input", f"{{are}} computed from {used} in place of {right}"
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


def localise(names, failing):
    """The sentence naming the right and wrong parameters and the first wrong layer."""
    if not failing:
        return None
    right = [n for n in names if n not in failing]
    if right:
        head = (f"{_join(right)} match{'' if len(right) > 1 else 'es'} jax.grad on every probe; "
                f"{_join(failing)} do{'' if len(failing) > 1 else 'es'} not.")
    else:
        head = f"No parameter matches jax.grad: {_join(failing)} all differ."
    first = max(_layer(n) for n in failing)
    return Finding("localisation", tuple(failing),
                   f"{head} Counting back from the output, the first wrong layer is layer {first}.")


def diagnose(results, activation, names):
    """Findings for the probe ``results`` of one audit; ``names`` orders the parameters."""
    failing = [n for n in names if any(not r.verdicts.get(n, True) for r in results)]
    findings = [f for f in (localise(names, failing),) if f]
    ctx = _Context(activation)
    grouped = {}
    for name in failing:
        bug_class, template = _explain(name, results, ctx)
        grouped.setdefault((bug_class, template), []).append(name)
    for (bug_class, template), group in grouped.items():
        plural = len(group) > 1
        subject = _join(f"d{n}" for n in group)
        sentence = template
        for word, (many, one) in _GRAMMAR.items():
            sentence = sentence.replace(word, many if plural else one)
        findings.append(Finding(bug_class, tuple(group), f"{subject} {sentence}."))
    mutated = sorted({path for r in results for path in r.subject.mutated})
    if mutated:
        count = sum(1 for r in results if r.subject.mutated)
        findings.append(Finding("side_effect", tuple(mutated),
                                f"The subject modified its inputs ({_join(mutated)}) on "
                                f"{count} probe(s): a gradient function must not change them."))
    return findings
