"""Typed errors of the SII client; each carries a message code for the user.

``SiiUnavailable`` is the one worth retrying later (timeouts, refused or dropped
connections, HTTP 5xx, the registry's code -1). The others mean the answer was read and
is final for this request.
"""

from __future__ import annotations

from cymadesk.models.message import Message, ParamValue


class SiiError(Exception):
    """Any failure talking to the SII; ``message`` explains it to the user."""

    def __init__(self, code: str, log_detail: str = "", **params: ParamValue) -> None:
        super().__init__(log_detail or code)
        self.message = Message(code, params)


class SiiUnavailable(SiiError):  # noqa: N818 (names the condition)
    """The service did not answer usefully this time; the same request may work later."""


class SiiProtocolError(SiiError):
    """The answer is not what the service's wire format says (HTML, malformed XML, JSON)."""


class SiiSoapFault(SiiError):  # noqa: N818 (the SOAP name of the condition)
    """The service answered with a SOAP Fault."""

    def __init__(self, fault_code: str, fault_string: str) -> None:
        super().__init__(
            "sii.soap_fault", f"{fault_code}: {fault_string}", codigo=fault_code, texto=fault_string
        )
        self.fault_code = fault_code
        self.fault_string = fault_string


class SiiAuthenticationError(SiiError):
    """The SII refused the seed, the signed seed or the token (ESTADO other than 00)."""

    def __init__(self, code: str, log_detail: str = "", **params: ParamValue) -> None:
        super().__init__(code, log_detail, **params)


class SiiTokenRejected(SiiError):  # noqa: N818 (names the condition)
    """The SII says the token is inactive, unknown or invalid; a new token may fix it."""


class SiiRejected(SiiError):  # noqa: N818 (names the condition)
    """The SII processed the request and answered with an error code."""

    def __init__(
        self, code: str, sii_code: str, log_detail: str = "", **params: ParamValue
    ) -> None:
        super().__init__(code, log_detail, **params)
        self.sii_code = sii_code


class CertificateError(SiiError):
    """The company's certificate cannot be used: missing, unreadable, wrong password."""
