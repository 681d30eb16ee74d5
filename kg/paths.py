"""Where kg's own files are (data, model, sample, queries).

From this file's path, not `importlib.resources.files("kg")` or `kg.__file__`: run from a
folder that holds a `kg/` folder of the user's, `kg` can resolve to that folder as a
namespace package, and both of those then point into it (or nowhere).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_file(*parts: str) -> Path:
    """A path inside the installed kg package."""
    return PACKAGE.joinpath(*parts)


DEFAULT_MODEL = "id_kg_news"


def default_model_path() -> Path:
    """The shipped spaCy model (here, not in kg.nlp, so finding it does not import spaCy)."""
    return package_file("models", DEFAULT_MODEL)
