"""Small builders shared by tests: unsigned DTE bytes, a workspace on a temporary folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.secrets import MemorySecretStore

COMPANY_RUT = "96790240-3"
PASSPHRASE = "frase de recuperación 2026"


def unsigned_dte(
    folio: int,
    *,
    emisor: str = "76354771-K",
    razon_social: str = "Ferretería Ñuble Ltda.",
    receptor: str = COMPANY_RUT,
    neto: int = 1000,
    fecha: str = "2026-11-02",
    tipo: int = 33,
    item: str = "Clavos de acero",
) -> bytes:
    """A well-formed DTE without signature or TED (its verdicts fail, it still imports)."""
    iva = (neto * 19 + 50) // 100
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f'<DTE version="1.0"><Documento ID="F{folio}T{tipo}"><Encabezado>'
        f"<IdDoc><TipoDTE>{tipo}</TipoDTE><Folio>{folio}</Folio><FchEmis>{fecha}</FchEmis></IdDoc>"
        f"<Emisor><RUTEmisor>{emisor}</RUTEmisor><RznSoc>{razon_social}</RznSoc></Emisor>"
        f"<Receptor><RUTRecep>{receptor}</RUTRecep><RznSocRecep>Minera</RznSocRecep></Receptor>"
        f"<Totales><MntNeto>{neto}</MntNeto><TasaIVA>19</TasaIVA><IVA>{iva}</IVA>"
        f"<MntTotal>{neto + iva}</MntTotal></Totales></Encabezado>"
        f"<Detalle><NroLinDet>1</NroLinDet><NmbItem>{item}</NmbItem><MontoItem>{neto}</MontoItem>"
        "</Detalle></Documento></DTE>"
    ).encode("iso-8859-1")


class FixedClock:
    """A settable clock for tests; always returns an aware UTC datetime."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + dt.timedelta(**delta)


def memory_workspace(root: Path, clock: FixedClock | None = None) -> Workspace:
    """A workspace whose keys live in memory and whose passphrase is PASSPHRASE."""
    workspace = Workspace(
        layout=DataLayout(root),
        secret_store=MemorySecretStore(),
        passphrase=lambda purpose: PASSPHRASE,
    )
    if clock is not None:
        workspace.clock = clock
    return workspace
