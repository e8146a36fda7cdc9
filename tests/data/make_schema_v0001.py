"""Recreate ``schema_v0001.db``: a company database of the first released schema.

The migration test opens it with the throwaway key in ``schema_v0001.key`` (synthetic data,
not a secret) and upgrades it to the newest schema. Run from the repository root, at a commit
whose newest migration is 0001: ``python tests/data/make_schema_v0001.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.importing import ImportService
from cymadesk.services.inputs import InputFile, InputKind
from cymadesk.sii.trust import TrustPolicy
from cymadesk.storage.companies import CompanyRegistry
from cymadesk.storage.keys import KeyCustody

HERE = Path(__file__).resolve().parent
DOCUMENT = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    '<DTE version="1.0"><Documento ID="F41T33"><Encabezado>'
    "<IdDoc><TipoDTE>33</TipoDTE><Folio>41</Folio><FchEmis>2026-11-02</FchEmis></IdDoc>"
    "<Emisor><RUTEmisor>76354771-K</RUTEmisor><RznSoc>Ferretería Ñuble Ltda.</RznSoc></Emisor>"
    "<Receptor><RUTRecep>96790240-3</RUTRecep><RznSocRecep>Minera</RznSocRecep></Receptor>"
    "<Totales><MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA>"
    "<MntTotal>1190</MntTotal></Totales></Encabezado>"
    "<Detalle><NroLinDet>1</NroLinDet><NmbItem>Clavos</NmbItem><MontoItem>1000</MontoItem>"
    "</Detalle></Documento></DTE>"
).encode("iso-8859-1")


def main() -> None:
    database = HERE / "schema_v0001.db"
    key_file = HERE / "schema_v0001.key"
    database.unlink(missing_ok=True)
    key_file.unlink(missing_ok=True)
    custody = KeyCustody(DataLayout(HERE), None, key_file)
    registry = CompanyRegistry(
        HERE,
        custody,
        with_recovery=False,
        clock=lambda: dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC),
    )
    opened = registry.create(Rut.parse("96790240-3"), "Minera de prueba", Ambiente.PRODUCCION)
    service = ImportService(opened, policy=TrustPolicy.sii(), channel="prueba")
    service.import_input(InputFile("factura-41.xml", DOCUMENT, InputKind.XML))
    opened.close()
    renamed = HERE / "96790240-3.db"
    renamed.rename(database)


if __name__ == "__main__":
    main()
