"""Rasa's training cache does not see our code: a component's fingerprint addon names the
modules whose source decides what it learns.

Why: Rasa reuses a trained component while its config and input data are unchanged; a
change to the normalisation or to a classifier's features would otherwise leave a model
trained the old way, read the new way (`fingerprint_addon`, Rasa's extension point).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect


def source_digest(*modules: str) -> str:
    """A digest of the named modules' source files."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0")
        digest.update(inspect.getsource(importlib.import_module(name)).encode("utf-8"))
    return digest.hexdigest()
