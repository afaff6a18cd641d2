"""``audit()``: a gradient function against jax.grad on every probe, then the diagnosis."""

from __future__ import annotations

from collections import Counter

import numpy as np

import jaxref
from handgrad.audit.compare import GRAD_RTOL, compare
from handgrad.audit.diagnose import diagnose
from handgrad.audit.finite_diff import central_differences, fd_agrees, kink_clearance
from handgrad.audit.probes import make_probes
from handgrad.audit.report import AuditReport, ProbeResult
from handgrad.audit.rounding import rounding_floor
from handgrad.audit.subject import run_subject
from handgrad.audit.training import compare_training
from handgrad.conventions import CONVENTIONS
from handgrad.losses import bce_from_logits
from handgrad.network import forward
from handgrad.validate import (check_activation, check_int, check_layer_sizes, check_positive,
                               param_names)

#: Odd shapes probed besides the declared network (one hidden unit, one input,
#: a square W1 that hides a transpose from shape checks).
ODD_SHAPES = ([2, 3, 1], [5, 1, 1], [1, 4, 1], [4, 4, 1])
#: Further depths for conventions without a depth limit (logistic regression,
#: two and three hidden layers, square hidden-to-hidden weights).
DEEP_SHAPES = ([3, 1], [3, 5, 4, 1], [2, 3, 3, 2, 1])
#: Finite differences cost two loss evaluations per parameter: skip larger probes.
FD_MAX_PARAMS = 200
#: A returned cost (notebook convention) further than this from the loss is noted.
#: The notebook's log(sigmoid) formula was measured within 8e-16 of the logit form
#: on every probe short of saturation; past it the cost is nan or inf.
COST_RTOL = 1e-9


def _check_convention(convention):
    if not isinstance(convention, str) or convention not in CONVENTIONS:
        raise ValueError(f"convention: expected one of {sorted(CONVENTIONS)}, got {convention!r}")
    return CONVENTIONS[convention]


def _shapes(convention, layer_sizes, hidden):
    if layer_sizes is not None:
        sizes = check_layer_sizes(layer_sizes)
        limit = convention.max_hidden_layers
        if limit is not None and len(sizes) - 2 != limit:
            raise ValueError(f"layer_sizes: the {convention.name} convention has exactly "
                             f"{limit} hidden layer, got {sizes}")
        return sizes, ()
    hidden = check_int(hidden, "hidden", 1)
    extra = ODD_SHAPES if convention.max_hidden_layers else ODD_SHAPES + DEEP_SHAPES
    return [3, hidden, 1], extra


def _fd_check(probe, activation, reference):
    if kink_clearance(probe.params, probe.X, activation) <= 1:
        return "skipped: a pre-activation is within a step of a kink"
    if sum(W.size + b.size for W, b in probe.params) > FD_MAX_PARAMS:
        return "skipped: too many parameters"
    fd = central_differences(
        lambda p: bce_from_logits(forward(p, probe.X, activation)[0], probe.y), probe.params)
    names = param_names(len(probe.params))
    flat = [g for pair in fd for g in pair]
    bad = [n for n, g in zip(names, flat) if not fd_agrees(g, reference[n])]
    return f"disagree: {', '.join(bad)}" if bad else "agree"


def _has_zero_pre_activation(probe, activation):
    _, cache = forward(probe.params, probe.X, activation)
    return any(np.any(Z == 0) for Z, _ in cache[1:])


def _cost_note(cost, reference_loss):
    try:
        value = float(np.asarray(cost, dtype=np.float64).ravel()[0])
    except (TypeError, ValueError, IndexError):
        return f"returned cost is not a number ({type(cost).__name__})"
    if not np.isfinite(value):
        return f"returned cost is {value}"
    if abs(value - reference_loss) > COST_RTOL * max(abs(reference_loss), 1e-300):
        return "returned cost differs from the loss"
    return None


def check_probe(fn, convention, activation, probe, rtol, check_reference=True):
    """One :class:`ProbeResult`: the subject and jax.grad compared on ``probe``."""
    names = param_names(len(probe.params))
    ref_loss, ref = jaxref.loss_and_gradients(probe.params, probe.X, probe.y, activation.name)
    reference = dict(zip(names, (g for pair in ref for g in pair)))
    subject = run_subject(fn, convention, probe.params, probe.X, probe.y)
    floors = rounding_floor(probe.params, probe.X, probe.y, activation)
    comparisons, verdicts = {}, {}
    for name in names:
        G = subject.grads.get(name)
        ok_shape = G is not None and name not in subject.problems
        comparisons[name] = compare(G, reference[name], floors[name]) if ok_shape else None
        verdicts[name] = bool(ok_shape and comparisons[name].passed(rtol))
    if subject.cost is not None:
        note = _cost_note(subject.cost, ref_loss)
        if note:
            subject.notes.append(note)
    fd = _fd_check(probe, activation, reference) if check_reference else "not checked"
    return ProbeResult(probe, reference, ref_loss, floors, subject, comparisons, verdicts, fd,
                       _has_zero_pre_activation(probe, activation))


def _reference_summary(results):
    outcomes = Counter(r.fd.split(":")[0] for r in results)
    disagreements = [f"{r.probe.name} ({r.fd})" for r in results if r.fd.startswith("disagree")]
    checked = outcomes["agree"] + outcomes["disagree"]
    sentence = (f"jax.grad agrees with central finite differences on {outcomes['agree']} of "
                f"{checked} probes checked ({outcomes['skipped']} skipped: near a kink or large).")
    if disagreements:
        sentence += f" It DISAGREES on {len(disagreements)}: the reference itself is in doubt."
    return {"fd_checked": checked, "fd_agreed": outcomes["agree"],
            "fd_skipped": outcomes["skipped"], "disagreements": disagreements,
            "sentence": sentence}


def _notes(results):
    counts = Counter(note for r in results for note in set(r.subject.notes))
    kinds = {}
    for r in results:
        for note in set(r.subject.notes):
            kinds.setdefault(note, set()).add(r.probe.kind)
    return [f"{note} (on {n} of {len(results)} probes: {', '.join(sorted(kinds[note]))})"
            for note, n in sorted(counts.items())]


def audit(fn, activation="tanh", convention="notebook", layer_sizes=None, hidden=10,
          rtol=GRAD_RTOL, seed=0, train=None, name=None, check_reference=True) -> AuditReport:
    """Audit the gradient function ``fn`` against jax.grad and name what is wrong.

    ``fn`` is called in ``convention`` (``"notebook"``: ``f(X, parameters, Y) ->
    (gradients, cost)``; ``"handgrad"``: ``f(params, X, y) -> [(dW, db), ...]``)
    and claims to implement the network ``layer_sizes`` (default: the
    notebook's ``[3, hidden, 1]`` plus small odd shapes) with hidden
    ``activation``, a sigmoid output and the mean binary cross-entropy.

    Every parameter on every probe passes when its relative error to jax.grad
    is at most ``rtol``.  ``seed`` picks the probe set; ``train=N`` also trains
    subject and reference for N iterations on the notebook's data and reports
    the loss gap; ``check_reference=False`` skips checking jax.grad against
    finite differences.  Returns an :class:`AuditReport`.
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a callable gradient function, got {type(fn).__name__}")
    act = check_activation(activation)
    conv = _check_convention(convention)
    rtol = check_positive(rtol, "rtol")
    seed = check_int(seed, "seed", 0)
    if train is not None:
        train = check_int(train, "train", 1)
    sizes, extra = _shapes(conv, layer_sizes, hidden)
    probes = make_probes(sizes, seeds=(seed, seed + 1), extra_shapes=extra)
    results = [check_probe(fn, conv, act, probe, rtol, check_reference) for probe in probes]
    depth = max(len(p.params) for p in probes)
    names = param_names(depth)
    label = name or f"{getattr(fn, '__module__', None) or '?'}.{getattr(fn, '__qualname__', fn)}"
    report = AuditReport(label, act.name, conv.name, rtol, names, results,
                         diagnose(results, act, names), _reference_summary(results),
                         notes=_notes(results))
    if train is not None:
        report.training = compare_training(fn, conv, act.name, sizes, train, seed)
    return report



def default_audits(rtol=GRAD_RTOL, seed=0):
    """What ``handgrad audit`` runs with no ``--impl``: ``(engine_reports, notebook_report)``.

    handgrad's own backward pass for every activation (handgrad convention,
    every init scheme, depths 0-3), and the original notebook's
    ``forward_and_backward_propagation`` as the tanh network it computes.
    """
    from functools import partial

    from handgrad import legacy
    from handgrad.activations import ACTIVATIONS
    from handgrad.backprop import gradients

    engine = [audit(partial(gradients, activation=act), act, "handgrad", rtol=rtol, seed=seed,
                    name="handgrad.gradients") for act in sorted(ACTIVATIONS)]
    notebook = audit(legacy.forward_and_backward_propagation, "tanh", "notebook", rtol=rtol,
                     seed=seed, name="notebook forward_and_backward_propagation")
    return engine, notebook
