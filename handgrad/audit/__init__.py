"""Auditing a backward pass against autodiff and finite differences."""
