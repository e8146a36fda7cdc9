"""The inbox table model: Qt's model checks, formats, lazy pages and the sort role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester

from cymadesk.models.inbox import Category, DecisionState, InboxRow, View
from cymadesk.models.risk import RiskLevel
from cymadesk.services.inbox import InboxQuery, SortKey
from cymadesk.services.session import CompanySession
from cymadesk.ui.inbox_model import ROW_ROLE, SORT_ROLE, Column, InboxTableModel, amount_text
from cymadesk.ui.texts import risk_label


@pytest.fixture
def loaded_model(demo_session: CompanySession, qapp: object) -> InboxTableModel:
    index = demo_session.inbox.load_index()
    now = demo_session.workspace.clock()
    model = InboxTableModel(demo_session.inbox.rows, lambda: now, "es")
    model.set_ids(index.select(InboxQuery(View.TODOS), now))
    return model


def test_model_passes_qt_checks(loaded_model: InboxTableModel, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(loaded_model, force_py=True)


def test_rows_fetched_in_pages(demo_session: CompanySession, qapp: object) -> None:
    calls: list[int] = []

    def fetch(ids: Sequence[int]) -> Mapping[int, InboxRow]:
        calls.append(len(ids))
        return demo_session.inbox.rows(ids)

    now = demo_session.workspace.clock()
    model = InboxTableModel(fetch, lambda: now, "es")
    ids = demo_session.inbox.load_index().select(InboxQuery(View.TODOS), now)
    model.set_ids(ids)
    assert calls == []
    for position in range(model.rowCount()):
        model.data(model.index(position, Column.EMISOR))
    assert calls == [len(ids)]
    model.set_ids(list(reversed(ids)))
    model.data(model.index(0, Column.EMISOR))
    assert calls == [len(ids)]


def test_display_formats(loaded_model: InboxTableModel) -> None:
    for position in range(loaded_model.rowCount()):
        row = loaded_model.row_at(position)
        assert row is not None
        fecha = loaded_model.data(loaded_model.index(position, Column.FECHA))
        assert row.fecha_emision is not None
        assert fecha == row.fecha_emision.strftime("%d-%m-%Y")
        amount = loaded_model.data(loaded_model.index(position, Column.MONTO))
        assert amount.startswith("$")
        assert "," not in amount
        rut = loaded_model.data(loaded_model.index(position, Column.RUT))
        assert rut.count(".") == 2
        risk = loaded_model.data(loaded_model.index(position, Column.RISK))
        assert risk == risk_label(row.risk_level, "es")
        icon = loaded_model.data(
            loaded_model.index(position, Column.RISK), Qt.ItemDataRole.DecorationRole
        )
        assert not icon.isNull()


def test_deadline_labels(loaded_model: InboxTableModel) -> None:
    labels = {
        loaded_model.data(loaded_model.index(position, Column.PLAZO))
        for position in range(loaded_model.rowCount())
    }
    assert "" in labels  # types without a deadline: guías, notas
    assert any(label.startswith("quedan ") and label.endswith("(estimado)") for label in labels)
    assert "vencido (estimado)" in labels


def test_export_amount_in_dollars() -> None:
    assert amount_text(_row(monto_total=3067708, moneda="USD")) == "US$ 30.677,08"
    assert amount_text(_row(monto_total=1234567, moneda="CLP")) == "$1.234.567"


def test_unread_rows_are_bold(loaded_model: InboxTableModel) -> None:
    index = loaded_model.index(0, Column.EMISOR)
    font = loaded_model.data(index, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    row = loaded_model.row_at(0)
    assert row is not None
    loaded_model.replace_row(replace(row, read=True))
    assert loaded_model.data(index, Qt.ItemDataRole.FontRole) is None


@pytest.mark.parametrize(
    ("column", "key"),
    [(Column.MONTO, SortKey.MONTO), (Column.FECHA, SortKey.FECHA), (Column.FOLIO, SortKey.FOLIO)],
)
def test_sort_role_agrees_with_index(
    demo_session: CompanySession, loaded_model: InboxTableModel, column: Column, key: SortKey
) -> None:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(loaded_model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    by_proxy = [
        proxy.data(proxy.index(position, column), SORT_ROLE) for position in range(proxy.rowCount())
    ]
    now = demo_session.workspace.clock()
    ids = demo_session.inbox.load_index().select(
        InboxQuery(View.TODOS, sort=key, descending=False), now
    )
    rows = demo_session.inbox.rows(ids)
    model = InboxTableModel(demo_session.inbox.rows, lambda: now, "es")
    model.set_ids(ids)
    by_index = [model.data(model.index(p, column), SORT_ROLE) for p in range(len(ids))]
    assert by_proxy == by_index
    assert len(rows) == len(ids)


def test_header_click_requests_sort(loaded_model: InboxTableModel, qtbot: object) -> None:
    requested: list[tuple[object, bool]] = []
    loaded_model.sort_requested.connect(lambda key, descending: requested.append((key, descending)))
    loaded_model.sort(Column.MONTO, Qt.SortOrder.DescendingOrder)
    assert requested == [(SortKey.MONTO, True)]
    assert loaded_model.data(loaded_model.index(0, 0), ROW_ROLE) is not None


def _row(**changes: object) -> InboxRow:
    values: dict[str, object] = {
        "id": 1,
        "tipo": None,
        "tipo_code": 110,
        "folio": "1",
        "rut_emisor": None,
        "rut_emisor_text": "76354771-K",
        "razon_social_emisor": "Viña",
        "rut_receptor": None,
        "fecha_emision": dt.date(2026, 1, 2),
        "monto_total": 0,
        "moneda": "CLP",
        "monto_texto": None,
        "ambiente": None,
        "risk_level": RiskLevel.BAJO,
        "verdict_summary": "ok",
        "failed_checks": 0,
        "deadline_at": None,
        "deadline_estimated": False,
        "decision_state": DecisionState.SIN_PLAZO,
        "category": Category.INBOX,
        "conflict": False,
        "read": False,
        "first_seen_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    }
    values.update(changes)
    return InboxRow(**values)  # type: ignore[arg-type]
