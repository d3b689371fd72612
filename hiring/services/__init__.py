"""Use cases, one function each. Services change the session and ``flush()``; the caller (a view
or a CLI command) commits once, so a failed step leaves nothing half-saved."""


class ServiceError(ValueError):
    """A use case refused its input; ``field`` names the form field it concerns, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        """A str or a lazily translated string: rendered in the reader's language."""
        self.field = field


class AccessDenied(PermissionError):
    """The user may not do this. Views turn it into 403 (or 404, not to reveal existence)."""
