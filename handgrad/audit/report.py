"""The audit's results: per probe, per parameter, and the report a user reads or parses."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from handgrad.audit.compare import Comparison
from handgrad.audit.probes import Probe
from handgrad.conventions import Unpacked


@dataclass
class ProbeResult:
    """The subject and the reference on one probe.

    ``reference``: jax.grad's gradient per parameter name; ``floors``: the
    rounding floor per name; ``comparisons``: a :class:`Comparison` per name,
    ``None`` where the subject gave nothing comparable; ``verdicts``:
    pass/fail per name; ``fd``: how the reference fared against central finite
    differences on this probe.
    """

    probe: Probe
    reference: dict
    reference_loss: float
    floors: dict
    subject: Unpacked
    comparisons: dict
    verdicts: dict
    fd: str
    probe_has_zero_pre_activation: bool

    @property
    def passed(self):
        return all(self.verdicts.values()) and not self.subject.mutated

    def to_dict(self):
        params = {}
        for name, ok in self.verdicts.items():
            c: Comparison | None = self.comparisons.get(name)
            params[name] = {
                "passed": ok,
                "rel_error": _finite(c.rel_error) if c else None,
                "max_abs_error": _finite(c.max_abs_error) if c else None,
                "max_abs_index": list(c.max_abs_index) if c else None,
                "cosine": _finite(c.cosine) if c else None,
                "abs_error": _finite(c.abs_error) if c else None,
                "rounding_floor": c.rounding_floor if c else None,
                "problem": self.subject.problems.get(name),
            }
        cost = self.subject.cost
        return {
            "probe": self.probe.name, "kind": self.probe.kind, "init": self.probe.init,
            "seed": self.probe.seed, "shape": list(self.probe.layer_sizes),
            "batch": self.probe.batch, "passed": self.passed, "params": params,
            "reference_loss": self.reference_loss,
            "cost": _finite(float(np.asarray(cost).ravel()[0]))
            if _is_number(cost) else None,
            "notes": list(self.subject.notes), "mutated": list(self.subject.mutated),
            "reference_vs_finite_differences": self.fd,
        }


def _is_number(value):
    try:
        return value is not None and np.asarray(value, dtype=np.float64).size == 1
    except (TypeError, ValueError):
        return False


def _finite(x):
    """JSON has no NaN or inf: they become strings."""
    return x if math.isfinite(x) else str(x)


@dataclass
class AuditReport:
    """What an audit found; ``to_dict()`` is the ``--json`` document."""

    subject: str
    activation: str
    convention: str
    rtol: float
    param_names: list
    results: list
    findings: list
    reference_summary: dict
    training: dict | None = None
    notes: list = field(default_factory=list)

    @property
    def passed(self):
        return all(r.passed for r in self.results)

    @property
    def failing_params(self):
        return sorted({n for r in self.results for n, ok in r.verdicts.items() if not ok})

    @property
    def diagnosis(self):
        return [f.sentence for f in self.findings]

    @property
    def checks(self):
        return [r.to_dict() for r in self.results]

    def param_summary(self):
        """Per parameter: probes passed, probes seen, worst comparison and its probe."""
        rows = []
        for name in self.param_names:
            seen = [r for r in self.results if name in r.verdicts]
            scored = [(r.comparisons[name].rel_error, r) for r in seen if r.comparisons.get(name)]
            worst = max(scored, key=lambda t: t[0], default=(None, None))
            rows.append({"param": name, "passed": sum(r.verdicts[name] for r in seen),
                         "probes": len(seen), "worst_rel_error": worst[0],
                         "worst_probe": worst[1].probe.name if worst[1] else None,
                         "worst_cosine": worst[1].comparisons[name].cosine if worst[1] else None})
        return rows

    def to_dict(self):
        return {
            "subject": self.subject, "activation": self.activation,
            "convention": self.convention, "rtol": self.rtol, "passed": self.passed,
            "failing_params": self.failing_params,
            "params": self.param_summary(),
            "diagnosis": self.diagnosis,
            "findings": [f.to_dict() for f in self.findings],
            "checks": self.checks,
            "reference": self.reference_summary,
            "training": self.training,
            "notes": self.notes,
        }

    def to_json(self, **kwargs):
        return json.dumps(self.to_dict(), **kwargs)

    def format(self, verbose=False):
        """A readable text report: verdict, per-parameter table, diagnosis, reference check."""
        passed = sum(r.passed for r in self.results)
        lines = [f"{self.subject} [{self.convention} convention, {self.activation}]: "
                 f"{'PASS' if self.passed else 'FAIL'} ({passed}/{len(self.results)} probes, "
                 f"rtol {self.rtol:g})",
                 f"  {'param':<6} {'probes':>7}  {'worst rel. error':>16}  {'cosine':>8}  worst probe"]
        for row in self.param_summary():
            err = "-" if row["worst_rel_error"] is None else f"{row['worst_rel_error']:.2e}"
            cos = "-" if row["worst_cosine"] is None else f"{row['worst_cosine']:.4f}"
            lines.append(f"  {row['param']:<6} {row['passed']:>3}/{row['probes']:<3}  {err:>16}  "
                         f"{cos:>8}  {row['worst_probe'] or ''}")
        lines += [f"  - {sentence}" for sentence in self.diagnosis]
        if self.training:
            lines.append(f"  - {self.training['sentence']}")
        lines += [f"  note: {note}" for note in self.notes]
        if verbose:
            for r in self.results:
                errs = " ".join(f"{n}={r.comparisons[n].rel_error:.1e}" if r.comparisons.get(n)
                                else f"{n}=n/a" for n in r.verdicts)
                lines.append(f"    {'ok  ' if r.passed else 'FAIL'} {r.probe.name:<44} {errs}")
                lines += [f"         {msg}" for msg in sorted(set(r.subject.problems.values()))]
        return "\n".join(lines)


def format_default_audits(engine, notebook, rtol, verbose=False):
    """The text of ``handgrad audit`` without ``--impl``: the engine per activation, the notebook."""
    engine_ok = all(r.passed for r in engine)
    lines = [f"handgrad audit: every backward pass against jax.grad in float64, parameter by "
             f"parameter, on {len(engine[0].results)} probes per activation (every init scheme "
             f"x 2 seeds, odd shapes and depths, the notebook's data, pre-activations exactly 0, "
             f"saturated outputs); a parameter passes at relative error <= {rtol:g}.", "",
             "handgrad's own engine (handgrad.gradients):"]
    for r in engine:
        worst = max((row["worst_rel_error"] or 0.0) for row in r.param_summary())
        lines.append(f"  {r.activation:<11} {'PASS' if r.passed else 'FAIL'}  "
                     f"{sum(x.passed for x in r.results)}/{len(r.results)} probes, worst "
                     f"relative error {worst:.1e}; {r.reference_summary['sentence']}")
        lines += [f"    - {sentence}" for sentence in r.diagnosis]
    lines += ["", "The original notebook's backward pass (handgrad.legacy):",
              notebook.format(verbose=verbose), ""]
    failing = f" ({', '.join(notebook.failing_params)})" if not notebook.passed else ""
    lines.append(f"{'handgrad passes every probe' if engine_ok else 'handgrad FAILS'}; the "
                 f"notebook's {'fails, as expected' if not notebook.passed else 'passes'}"
                 f"{failing}.")
    return "\n".join(lines)
