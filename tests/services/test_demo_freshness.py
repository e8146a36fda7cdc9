"""The demo company is rebuilt on a new day, so its deadlines stay ahead of the user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.demo import open_demo
from tests.helpers import FixedClock


def test_demo_rebuilt_on_a_later_day(tmp_path: Path) -> None:
    clock = FixedClock(dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC))
    workspace = Workspace(DataLayout(tmp_path), None, clock=clock)

    first = open_demo(workspace)
    built = first.company.created_at
    first.close()
    same_day = open_demo(workspace)
    same_day_built = same_day.company.created_at
    same_day.close()
    clock.advance(days=1)
    next_day = open_demo(workspace)
    next_day_built = next_day.company.created_at
    next_day.close()

    assert same_day_built == built
    assert next_day_built == clock.now


def test_demo_without_its_sii_is_rebuilt(tmp_path: Path) -> None:
    clock = FixedClock(dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC))
    workspace = Workspace(DataLayout(tmp_path), None, clock=clock)
    first = open_demo(workspace)
    first.close()
    (tmp_path / "demo" / "sandbox" / "registro.sqlite3").unlink()
    clock.advance(minutes=5)

    again = open_demo(workspace)
    rebuilt_at = again.company.created_at
    again.close()

    assert rebuilt_at == clock.now
    assert (tmp_path / "demo" / "sandbox" / "registro.sqlite3").exists()
