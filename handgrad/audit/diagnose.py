"""Diagnosis: which parameters are wrong, where the error enters, and what kind of mistake it is.

Each failing parameter is tested against hypotheses, in order; a hypothesis
holds only if it explains the subject's numbers on *every* probe where the
subject returned an array for that parameter (the tests are in bug_classes.py).
Bug classes:

``sign``, ``batch_mean``, ``scale``, ``weight_decay``, ``transpose``,
``bias_reduction``, ``wrong_parameter``, ``kink_convention``,
``activation_derivative``, ``output_delta``, ``wrong_input``,
``backward_weights``, ``subject_error``, ``tolerance``, ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handgrad.audit.bug_classes import HYPOTHESES, Context, layer_of
from handgrad.validate import param_names


@dataclass(frozen=True)
class Finding:
    """One diagnosis: a bug class, the parameters it concerns, and a plain sentence."""

    bug_class: str
    params: tuple
    sentence: str

    def to_dict(self):
        return {"bug_class": self.bug_class, "params": list(self.params),
                "sentence": self.sentence}


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
            out[depth] = max(layer_of(n) for n in failing)
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
    ctx = Context(activation, k_notation=max(groups) > 2)
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
