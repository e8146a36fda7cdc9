"""HTTP POST with timeouts and TLS verification, on the standard library.

Every failure to get a whole response becomes ``SiiUnavailable`` with a message code: a
timeout, a refused or dropped connection, or a response cut off before its declared length.
The HTTP status is left to the caller, because a SOAP Fault comes with status 500. TLS
certificates are verified against the system's trust store.
"""

from __future__ import annotations

import http.client
import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from cymadesk.sii.client.errors import SiiUnavailable

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 30.0
# Responses larger than this are rejected unread. No SII response CymaDesk requests comes
# near it.
MAX_ANSWER_BYTES = 20 * 1024 * 1024
# Hosts of the local sandbox, where a refused connection means no sandbox is running.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    content_type: str
    body: bytes

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, lower-case, if any."""
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"').lower()
        return None


class HttpTransport:
    """Sends one POST per call; ``timeout`` applies to connecting and to each read."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self._ssl_context = ssl_context or ssl.create_default_context()

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        parts = urlsplit(url)
        connection = self._connection(parts.scheme, parts.hostname or "", parts.port)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        answer: http.client.HTTPResponse | None = None
        try:
            connection.request("POST", path, body=body, headers=dict(headers))
            answer = connection.getresponse()
            data = answer.read(MAX_ANSWER_BYTES + 1)
            # read(amount) returns short data, without an error, when the connection closes
            # before Content-Length bytes came; ``length`` then still counts the missing ones.
            if answer.length and len(data) <= MAX_ANSWER_BYTES:
                raise http.client.IncompleteRead(data, answer.length)
            content_type = answer.getheader("Content-Type", "") or ""
            status = answer.status
        except TimeoutError as error:
            raise SiiUnavailable("sii.tiempo_agotado", str(error), url=url) from error
        except http.client.IncompleteRead as error:
            raise SiiUnavailable("sii.respuesta_incompleta", repr(error), url=url) from error
        except ConnectionRefusedError as error:
            raise SiiUnavailable(_no_connection(parts.hostname), str(error), url=url) from error
        except (http.client.HTTPException, ConnectionError) as error:
            raise SiiUnavailable("sii.conexion_cortada", repr(error), url=url) from error
        except ssl.SSLError as error:
            raise SiiUnavailable("sii.tls_fallido", str(error), url=url) from error
        except OSError as error:
            raise SiiUnavailable(_no_connection(parts.hostname), str(error), url=url) from error
        finally:
            # The response keeps the socket when the server closes the connection (HTTP/1.0).
            if answer is not None:
                answer.close()
            connection.close()
        if len(data) > MAX_ANSWER_BYTES:
            raise SiiUnavailable("sii.respuesta_demasiado_grande", url=url)
        return HttpResponse(status, content_type, data)

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        if scheme == "https":
            return http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=self._ssl_context
            )
        return http.client.HTTPConnection(host, port, timeout=self.timeout)


def _no_connection(host: str | None) -> str:
    """Return the message code for a failed connection: the local sandbox or the internet."""
    return "sii.sandbox_sin_conexion" if host in LOOPBACK_HOSTS else "sii.sin_conexion"
