"""The one shape of a refused value, shared by the intake, the diary and the web API."""

from __future__ import annotations


def error_record(code: str, message: str, field: str | None) -> dict[str, dict[str, str | None]]:
    """The contract's error, as the command line's ``--json`` and the web API write it."""
    return {"error": {"code": code, "message": message, "field": field}}


class FieldError(ValueError):
    """A value backcare refuses; ``field`` names what was wrong (dotted for nested keys).

    The command line prints it, a batch turns it into an error line and the web API into
    ``{"error": {"code", "message", "field"}}`` — the same three parts everywhere.
    """

    default_code = "invalid"

    def __init__(self, field: str, message: str, code: str | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code or self.default_code

    def __reduce__(self) -> tuple[object, ...]:
        """Rebuilt from its three parts when sent back from a reading process (the default
        would call ``__init__`` with the one formatted message)."""
        return _rebuilt, (type(self), self.field, self.message, self.code)

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self), "field": self.field}


def _rebuilt(kind: type[FieldError], field: str, message: str, code: str) -> FieldError:
    error = kind.__new__(kind)
    FieldError.__init__(error, field, message, code)
    return error
