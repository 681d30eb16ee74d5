"""The one exception type the CLI turns into a one-sentence message with no traceback."""

from __future__ import annotations


class KgError(Exception):
    """A user-facing error: the message is one sentence naming the input at fault."""
