"""The reference shares no code with the engine, and the engine does not need JAX."""

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_jaxref_never_imports_handgrad():
    files = sorted((ROOT / "jaxref").glob("**/*.py"))
    assert files
    for path in files:
        for module in imported_modules(path):
            assert module.split(".")[0] != "handgrad", f"{path.name} imports {module}"


def test_importing_the_engine_does_not_import_jax():
    code = "import sys, handgrad; print('jax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
