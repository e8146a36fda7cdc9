"""A company whose received documents CymaDesk keeps, each in its own database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    rut: Rut
    nombre: str
    ambiente: Ambiente
    created_at: dt.datetime
