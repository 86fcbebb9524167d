"""Errors that carry their HTTP status, rendered as RFC 9457 problem+json by one handler."""

from typing import Any


class ConfigurationError(Exception):
    """Bad settings or an unreachable dependency, reported as one line by the CLI."""


class AppError(Exception):
    status: int = 500
    title: str = "Internal Server Error"

    def __init__(self, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class BadRequest(AppError):
    status = 400
    title = "Bad Request"


class Unauthorized(AppError):
    status = 401
    title = "Unauthorized"


class Forbidden(AppError):
    status = 403
    title = "Forbidden"


class NotFound(AppError):
    status = 404
    title = "Not Found"


class Conflict(AppError):
    status = 409
    title = "Conflict"


class Unprocessable(AppError):
    status = 422
    title = "Unprocessable Content"


class TooLarge(AppError):
    status = 413
    title = "Content Too Large"


class UnsupportedMediaType(AppError):
    status = 415
    title = "Unsupported Media Type"


class TooManyRequests(AppError):
    status = 429
    title = "Too Many Requests"


class ServiceUnavailable(AppError):
    status = 503
    title = "Service Unavailable"
