"""Auditing a backward pass against autodiff and finite differences.

``audit(fn, activation=..., convention=...)`` compares a gradient function with
jax.grad (float64) on a probe set, checks jax.grad against central finite
differences, and diagnoses each mismatch: which parameter, which layer, which
bug class.  See :func:`handgrad.audit.run.audit`.
"""

from handgrad.audit.compare import GRAD_RTOL, Comparison, compare, rel_error
from handgrad.audit.diagnose import Finding
from handgrad.audit.report import AuditReport
from handgrad.audit.run import audit

__all__ = ["GRAD_RTOL", "AuditReport", "Comparison", "Finding", "audit", "compare", "rel_error"]
