"""The mutation score: the audit run on every known backprop bug and on the correct engine."""

from __future__ import annotations

from functools import partial

from handgrad.activations import ACTIVATIONS
from handgrad.audit.compare import GRAD_RTOL
from handgrad.audit.run import audit
from handgrad.backprop import gradients
from handgrad.mutants import MUTANTS

#: Findings that describe the failure rather than name a bug class.
_NOT_A_CLASS = {"localisation", "side_effect"}


def score_mutant(mutant, rtol=GRAD_RTOL, seed=0):
    """One row of the mutation table: was the mutant killed, where, and was it named right?"""
    report = audit(mutant.gradients, mutant.activation, "handgrad", rtol=rtol, seed=seed,
                   name=mutant.name, check_reference=False)
    depths = {len(r.probe.params) for r in report.results}
    declared = sorted(set().union(*(mutant.corrupts(depth) for depth in depths)))
    named = sorted({f.bug_class for f in report.findings} - _NOT_A_CLASS)
    first = next((r for r in report.results if not r.passed), None)
    return {"mutant": mutant.name, "description": mutant.description,
            "activation": mutant.activation, "killed": not report.passed,
            "killed_by": first.probe.name if first else None,
            "probes_failed": sum(not r.passed for r in report.results),
            "probes": len(report.results),
            "params_flagged": report.failing_params, "params_declared": declared,
            "params_correct": report.failing_params == declared,
            "class_named": named, "class_declared": mutant.bug_class,
            "class_correct": named == [mutant.bug_class], "diagnosis": report.diagnosis}


def mutation_score(rtol=GRAD_RTOL, seed=0, mutants=MUTANTS):
    """Audit every mutant and the correct engine (every activation).

    Returns ``{"mutants", "killed", "false_positives", "correctly_diagnosed",
    "params_correct", "results"}``: counts, where a false positive is a probe
    on which the correct engine was flagged.
    """
    results = [score_mutant(m, rtol, seed) for m in mutants]
    false_positives = 0
    for activation in sorted(ACTIVATIONS):
        report = audit(partial(gradients, activation=activation), activation, "handgrad",
                       rtol=rtol, seed=seed, name="handgrad.gradients", check_reference=False)
        false_positives += sum(not r.passed for r in report.results)
    return {"mutants": len(results), "killed": sum(r["killed"] for r in results),
            "false_positives": false_positives,
            "correctly_diagnosed": sum(r["class_correct"] for r in results),
            "params_correct": sum(r["params_correct"] for r in results),
            "results": results}


def format_score(score):
    """The mutation table as text: one row per mutant, a '!' where the audit disagreed."""
    rows = [("mutant", "killed by", "params flagged / declared", "class named / declared")]
    for r in score["results"]:
        params = f"{','.join(r['params_flagged']) or '-'} / {','.join(r['params_declared'])}"
        klass = f"{','.join(r['class_named']) or '-'} / {r['class_declared']}"
        rows.append((r["mutant"], r["killed_by"] or "NOT KILLED !",
                     params + ("" if r["params_correct"] else " !"),
                     klass + ("" if r["class_correct"] else " !")))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths + [0])).rstrip()
             for row in rows]
    n = score["mutants"]
    lines.append(f"\n{score['killed']}/{n} mutants killed, {score['correctly_diagnosed']}/{n} "
                 f"bug classes named correctly, {score['params_correct']}/{n} with exactly the "
                 f"declared parameters flagged; {score['false_positives']} false positives on "
                 f"the correct engine.")
    return "\n".join(lines)
