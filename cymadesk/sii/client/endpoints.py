"""Where each SII web service lives, per environment.

The SII spreads its services over several hosts: palena (producción) and maullin
(certificación) serve the SOAP services under ``/DTEWS/``, ws1 and ws2 the acceptance and
claim registry, and www4 and www4c the web app behind the Registro de Compras y Ventas.
``ServiceMap`` keeps one URL per service; ``ServiceMap.on_host`` replaces the scheme, host
and port of every URL while keeping the SII's paths, which is how the local sandbox (which
serves every path on one loopback address) is reached.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cymadesk.models.verdict import Ambiente


class Service(enum.StrEnum):
    """One SII web service; the values name it in logs."""

    SEED = "CrSeed"
    GET_TOKEN = "GetTokenFromSeed"  # noqa: S105 (a service name, not a password)
    QUERY_EST_DTE = "QueryEstDte"
    QUERY_EST_DTE_AV = "QueryEstDteAv"
    REGISTRY = "RegistroReclamoDteService"
    RCV = "RCV"


RCV_FACADE_PATH = "/consdcvinternetui/services/data/facadeService/"

PRODUCTION_URLS: Mapping[Service, str] = {
    Service.SEED: "https://palena.sii.cl/DTEWS/CrSeed.jws",
    Service.GET_TOKEN: "https://palena.sii.cl/DTEWS/GetTokenFromSeed.jws",
    Service.QUERY_EST_DTE: "https://palena.sii.cl/DTEWS/QueryEstDte.jws",
    Service.QUERY_EST_DTE_AV: "https://palena.sii.cl/DTEWS/services/QueryEstDteAv",
    Service.REGISTRY: "https://ws1.sii.cl/WSREGISTRORECLAMODTE/registroreclamodteservice",
    Service.RCV: "https://www4.sii.cl" + RCV_FACADE_PATH,
}

CERTIFICATION_URLS: Mapping[Service, str] = {
    Service.SEED: "https://maullin.sii.cl/DTEWS/CrSeed.jws",
    Service.GET_TOKEN: "https://maullin.sii.cl/DTEWS/GetTokenFromSeed.jws",
    Service.QUERY_EST_DTE: "https://maullin.sii.cl/DTEWS/QueryEstDte.jws",
    Service.QUERY_EST_DTE_AV: "https://maullin.sii.cl/DTEWS/services/QueryEstDteAv",
    Service.REGISTRY: "https://ws2.sii.cl/WSREGISTRORECLAMODTECERT/registroreclamodteservice",
    # NOTE: www4c as the certification host of the RCV web app comes from library code; no
    # SII document confirms it.
    Service.RCV: "https://www4c.sii.cl" + RCV_FACADE_PATH,
}


class InvalidServiceUrlError(ValueError):
    """A ``--url`` that is not an absolute http or https URL."""


@dataclass(frozen=True, slots=True)
class ServiceMap:
    """The URL of every SII service in one environment; ``name`` identifies it in logs."""

    name: str
    urls: Mapping[Service, str]

    def url(self, service: Service) -> str:
        return self.urls[service]

    @classmethod
    def for_ambiente(cls, ambiente: Ambiente) -> ServiceMap:
        """The SII's own hosts for producción or certificación.

        The sandbox has no fixed address: use ``on_host`` with the sandbox's URL.
        """
        if ambiente is Ambiente.PRODUCCION:
            return cls(ambiente.value, PRODUCTION_URLS)
        if ambiente is Ambiente.CERTIFICACION:
            return cls(ambiente.value, CERTIFICATION_URLS)
        raise ValueError(f"ambiente {ambiente.value} has no fixed SII hosts")

    def on_host(self, base_url: str) -> ServiceMap:
        """Return this map with every scheme, host and port replaced by ``base_url``'s."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidServiceUrlError(base_url)
        replaced = {
            service: urlunsplit((parts.scheme, parts.netloc, *urlsplit(url)[2:]))
            for service, url in self.urls.items()
        }
        return ServiceMap(f"{self.name}@{parts.netloc}", replaced)
