"""Loading the function under test from ``FILE.py:FUNCTION``, as ``python FILE.py`` would see it."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import sys
from itertools import count
from pathlib import Path

_serial = count()

#: How many positional arguments each convention passes, and their names.
ARGUMENTS = {"notebook": ("X", "parameters", "Y"), "handgrad": ("params", "X", "y")}


class LoadError(ValueError):
    """The function could not be loaded; the message is one line for the user."""


def load_function(spec, convention="notebook"):
    """The callable named by ``spec = "path/to/file.py:function"``.

    The file's folder goes first on ``sys.path`` (so ``import helpers`` of a
    sibling works, as when the file is run with python); its top-level code
    runs once, with anything it prints sent to stderr.  Raises
    :class:`LoadError` for a malformed spec, a missing file, a syntax error,
    an exception while loading, a missing or non-callable name, or a function
    that cannot take the convention's three arguments.
    """
    if not isinstance(spec, str) or ":" not in spec:
        raise LoadError(f"--impl: expected FILE.py:FUNCTION, got {spec!r}")
    file, name = spec.rsplit(":", 1)
    path = Path(file)
    if not path.is_file():
        raise LoadError(f"--impl: no such file: {file}")
    if not name.isidentifier():
        raise LoadError(f"--impl: expected a function name after ':', got {name!r}")
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module_name = f"_handgrad_subject_{next(_serial)}_{path.stem}"
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    if module_spec is None or module_spec.loader is None:
        raise LoadError(f"--impl: {file} is not a Python source file")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_name] = module
    try:
        with contextlib.redirect_stdout(sys.stderr):
            module_spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise LoadError(f"--impl: syntax error in {file} line {exc.lineno}: {exc.msg}") from None
    except (Exception, SystemExit) as exc:
        raise LoadError(f"--impl: {file} raised {type(exc).__name__} while loading: {exc}") \
            from None
    if not hasattr(module, name):
        found = sorted(n for n, v in vars(module).items()
                       if inspect.isfunction(v) and v.__module__ == module_name)
        raise LoadError(f"--impl: {file} has no function {name!r} (it defines: "
                        f"{', '.join(found) or 'no functions'})")
    fn = getattr(module, name)
    if not callable(fn):
        raise LoadError(f"--impl: {file}:{name} is a {type(fn).__name__}, not a function")
    check_signature(fn, convention, f"{file}:{name}")
    return fn


def check_signature(fn, convention, label):
    """Raise :class:`LoadError` unless ``fn`` accepts the convention's three positional arguments."""
    arguments = ARGUMENTS[convention]
    try:
        inspect.signature(fn).bind(*arguments)
    except TypeError as exc:
        raise LoadError(f"--impl: {label} cannot be called as f({', '.join(arguments)}) "
                        f"({convention} convention): {exc}") from None
    except ValueError:  # builtins without a signature: let the audit find out
        pass
