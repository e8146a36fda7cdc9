"""The inbox index answers views, searches and sorting like the SQL queries do."""

from __future__ import annotations

import datetime as dt

import pytest

from cymadesk.models.inbox import View
from cymadesk.services.inbox import InboxIndex, InboxQuery, SortKey, fold
from cymadesk.services.queries import CompanyQueries
from cymadesk.services.session import CompanySession

LISTED_VIEWS = [view for view in View if view is not View.NO_PROCESABLES]


@pytest.fixture
def index(demo_session: CompanySession) -> InboxIndex:
    return demo_session.inbox.load_index()


@pytest.mark.parametrize("view", LISTED_VIEWS)
def test_views_match_sql(demo_session: CompanySession, index: InboxIndex, view: View) -> None:
    now = demo_session.workspace.clock()
    queries = CompanyQueries(demo_session.opened, lambda: now)
    expected = [row.id for row in queries.rows(view)]
    assert index.select(InboxQuery(view), now) == expected


@pytest.mark.parametrize(
    "text", ["Centinela", "7612", "56739", "$56.739", "56.739,00", "90002", "77.532.186-5", "zzz"]
)
def test_search_matches_sql(demo_session: CompanySession, index: InboxIndex, text: str) -> None:
    now = demo_session.workspace.clock()
    queries = CompanyQueries(demo_session.opened, lambda: now)
    expected = {row.id for row in queries.rows(View.TODOS, search=text)}
    assert set(index.select(InboxQuery(View.TODOS, search=text), now)) == expected


def test_search_ignores_accents_and_rut_format(
    demo_session: CompanySession, index: InboxIndex
) -> None:
    now = demo_session.workspace.clock()
    rows = demo_session.inbox.rows(index.select(InboxQuery(View.TODOS), now))
    with_accent = next(row for row in rows.values() if "ñ" in (row.razon_social_emisor or ""))
    name = with_accent.razon_social_emisor or ""
    found = index.select(InboxQuery(View.TODOS, search=fold(name)[:12]), now)
    assert with_accent.id in found
    rut = with_accent.rut_emisor
    assert rut is not None
    for text in (rut.formatted, rut.canonical.lower(), rut.canonical.replace("-", "")):
        assert with_accent.id in index.select(InboxQuery(View.TODOS, search=text), now)


def test_amount_search_accepts_peso_format(demo_session: CompanySession, index: InboxIndex) -> None:
    now = demo_session.workspace.clock()
    rows = demo_session.inbox.rows(index.select(InboxQuery(View.TODOS), now))
    row = next(iter(rows.values()))
    assert row.monto_total is not None
    text = f"${row.monto_total:,}".replace(",", ".")
    assert row.id in index.select(InboxQuery(View.TODOS, search=text), now)


@pytest.mark.parametrize("text", ["US$ 29.602,50", "29.602,50", "29602.50"])
def test_dollar_amount_search_finds_export(
    demo_session: CompanySession, index: InboxIndex, text: str
) -> None:
    now = demo_session.workspace.clock()
    queries = CompanyQueries(demo_session.opened, lambda: now)
    expected = [row for row in queries.rows(View.NO_CORRESPONDEN, search=text)]
    assert [row.folio for row in expected] == ["301"]
    found = index.select(InboxQuery(View.NO_CORRESPONDEN, search=text), now)
    assert found == [expected[0].id]


def test_peso_search_skips_dollar_cents(demo_session: CompanySession, index: InboxIndex) -> None:
    # US$ 29.602,50 is 2960250 cents: typing those digits must not find the export by amount.
    now = demo_session.workspace.clock()
    assert index.select(InboxQuery(View.NO_CORRESPONDEN, search="2960250"), now) == []


@pytest.mark.parametrize("key", list(SortKey))
def test_sort_orders_reverse(demo_session: CompanySession, index: InboxIndex, key: SortKey) -> None:
    now = demo_session.workspace.clock()
    ascending = index.select(InboxQuery(View.TODOS, sort=key, descending=False), now)
    descending = index.select(InboxQuery(View.TODOS, sort=key, descending=True), now)
    assert descending == list(reversed(ascending))
    assert sorted(ascending) == sorted(index.select(InboxQuery(View.TODOS), now))


def test_amount_sort_is_numeric(demo_session: CompanySession, index: InboxIndex) -> None:
    now = demo_session.workspace.clock()
    ids = index.select(InboxQuery(View.TODOS, sort=SortKey.MONTO, descending=False), now)
    rows = demo_session.inbox.rows(ids)
    amounts = [rows[identifier].monto_total or 0 for identifier in ids]
    assert amounts == sorted(amounts)


def test_counts_match_views(demo_session: CompanySession, index: InboxIndex) -> None:
    now = demo_session.workspace.clock()
    counts = index.counts(now)
    for view in LISTED_VIEWS:
        assert counts[view] == len(index.select(InboxQuery(view), now))
    assert counts[View.TODOS] > 30
    assert counts[View.NO_CORRESPONDEN] >= 2
    assert counts[View.VENCEN_PRONTO] >= 1
    assert counts[View.ACEPTADOS] == 0


def test_mark_read_persists(demo_session: CompanySession, index: InboxIndex) -> None:
    now = demo_session.workspace.clock()
    first = index.select(InboxQuery(View.TODOS), now)[0]
    assert not demo_session.inbox.rows([first])[first].read
    demo_session.inbox.mark_read(first)
    assert demo_session.inbox.rows([first])[first].read
    assert demo_session.inbox.load_index().read[index.position[first]]


def test_empty_index() -> None:
    index = InboxIndex([])
    assert len(index) == 0
    now = dt.datetime.now(dt.UTC)
    assert index.select(InboxQuery(View.TODOS, search="x"), now) == []
    assert index.counts(now)[View.TODOS] == 0
