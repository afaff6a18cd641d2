"""Calling the gradient function under test so that its misbehaviour is a finding, never a crash.

The subject gets fresh copies of the probe's arrays, packed by its convention
(:mod:`handgrad.conventions`); whatever it raises, prints, warns or modifies
is recorded, and its answer is read back into the internal layout.
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings

import numpy as np

from handgrad.conventions import Unpacked
from handgrad.validate import param_names


def _leaves(tree, prefix):
    """``(path, array)`` for every array in nested dicts, lists and tuples."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, f"{prefix}[{key!r}]")
    elif isinstance(tree, (list, tuple)):
        for i, value in enumerate(tree):
            yield from _leaves(value, f"{prefix}[{i}]")
    else:
        yield prefix, tree


def _changed(before, after):
    """Paths (``parameters['W1']``, ``X``) whose value differs between two packings."""
    old = {path: value for name, tree in before.items() for path, value in _leaves(tree, name)}
    new = {path: value for name, tree in after.items() for path, value in _leaves(tree, name)}
    return [path for path in new
            if path not in old or not np.array_equal(np.asarray(new[path]), np.asarray(old[path]))]


def run_subject(fn, convention, params, X, y) -> Unpacked:
    """Call ``fn`` on one probe in ``convention``; returns its answer as :class:`Unpacked`.

    Exceptions (``SystemExit`` included), warnings, printed output, non-finite
    values and changes to its arguments are recorded on the result; none escapes.
    """
    args = convention.pack(params, X, y)
    before = copy.deepcopy(args)
    printed = io.StringIO()
    error = None
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"), \
            contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        warnings.simplefilter("always")
        try:
            raw = fn(*args.values())
        except (Exception, SystemExit) as exc:
            error = f"raised {type(exc).__name__}: {exc}"
    if error is None:
        out = convention.unpack(raw, params)
    else:
        out = Unpacked(problems={name: error for name in param_names(len(params))})
    out.notes.extend(sorted({f"warning {w.category.__name__}: {w.message}" for w in caught}))
    if printed.getvalue().strip():
        out.notes.append(f"printed {len(printed.getvalue().splitlines())} line(s)")
    out.mutated = _changed(before, args)
    for name, g in out.grads.items():
        if not np.isfinite(g).all():
            bad = int((~np.isfinite(g)).sum())
            out.problems.setdefault(name, f"{bad} of {g.size} entries are not finite")
    return out
