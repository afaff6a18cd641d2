"""Auditing a backward pass against autodiff and finite differences.

``audit(fn, activation=..., convention=...)`` compares a gradient function with
jax.grad (float64) on a probe set, checks jax.grad against central finite
differences, and diagnoses each mismatch: which parameter, which layer, which
bug class.  See :func:`handgrad.audit.run.audit`.

``audit`` and ``AuditReport`` are imported on first use, so that importing the
NumPy-only parts (``compare``, ``finite_diff``) does not import JAX.
"""

from handgrad.audit.compare import GRAD_RTOL, Comparison, compare, rel_error

__all__ = ["GRAD_RTOL", "AuditReport", "Comparison", "audit", "compare", "rel_error"]


def __getattr__(name):
    if name == "audit":
        from handgrad.audit.run import audit
        return audit
    if name == "AuditReport":
        from handgrad.audit.report import AuditReport
        return AuditReport
    raise AttributeError(f"module 'handgrad.audit' has no attribute {name!r}")
