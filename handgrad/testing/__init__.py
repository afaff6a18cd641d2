"""The audit inside users' own test suites.

``assert_gradients_match`` fails a test with the audit's diagnosis when a
backward pass disagrees with jax.grad; :mod:`handgrad.testing.strategies`
holds Hypothesis strategies for property tests of backward passes (it needs
Hypothesis: ``pip install "handgrad[test]"``).
"""

from __future__ import annotations

from handgrad.audit.compare import GRAD_RTOL


def assert_gradients_match(fn, activation="tanh", convention="notebook", layer_sizes=None,
                           hidden=10, rtol=GRAD_RTOL, seed=0):
    """Raise ``AssertionError`` unless ``fn`` matches jax.grad on every probe of the audit.

    The arguments are :func:`handgrad.audit.audit`'s.  The message names the
    failing parameters, the worst probe of each and the diagnosis (the bug
    class); nothing happens on success.
    """
    from handgrad.audit.run import audit

    report = audit(fn, activation=activation, convention=convention, layer_sizes=layer_sizes,
                   hidden=hidden, rtol=rtol, seed=seed)
    if report.passed:
        return
    failed = sum(not r.passed for r in report.results)
    lines = [f"gradients of {report.subject} do not match jax.grad ({activation}, "
             f"{convention} convention): {', '.join(report.failing_params) or 'no parameter'} "
             f"wrong, {failed} of {len(report.results)} probes failed (rtol {rtol:g})"]
    for row in report.param_summary():
        if row["param"] in report.failing_params and row["worst_rel_error"] is not None:
            lines.append(f"  {row['param']}: relative error up to {row['worst_rel_error']:.3g} "
                         f"on {row['worst_probe']}")
    lines += [f"  - {sentence}" for sentence in report.diagnosis]
    raise AssertionError("\n".join(lines))


__all__ = ["assert_gradients_match"]
