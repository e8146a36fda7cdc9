"""The sandbox command's --falla option: its help and its usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cymadesk.cli import main
from cymadesk.cli import sandbox as sandbox_cli
from cymadesk.sii.sandbox.faults import OPERATIONS, FaultKind


def test_falla_help_lists_operations(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--help"])

    help_text = " ".join(capsys.readouterr().out.split())
    assert exited.value.code == 0
    for operation in OPERATIONS:
        assert operation in help_text
    for kind in FaultKind:
        assert kind.value in help_text
    assert "OPERACION (si se omite, todas): getSeed, getToken," in help_text


@pytest.mark.parametrize(
    ("option", "text"),
    [
        (
            "http500:rcv",
            "La falla «http500:rcv» de --falla no es válida. Operación desconocida: «rcv». "
            "Indique el nombre de una operación SOAP o REST del SII: getSeed,",
        ),
        (
            "apagon:getSeed",
            "La falla «apagon:getSeed» de --falla no es válida. Tipo de falla desconocido: "
            "«apagon».",
        ),
        (
            "http500:getSeed:dos",
            "La falla «http500:getSeed:dos» de --falla no es válida. VECES debe ser un número "
            "entero (0 = siempre), no «dos».",
        ),
    ],
)
def test_invalid_falla_is_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    text: str,
) -> None:
    # Were the option accepted, the command would serve until interrupted.
    monkeypatch.setattr(sandbox_cli, "_serve", lambda *arguments: 0)

    code = main(["--data-dir", str(tmp_path), "sandbox", "--port", "0", "--falla", option])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith(text)
    assert not (tmp_path / "sandbox" / "servidor.json").exists()


def test_invalid_falla_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox_cli, "_serve", lambda *arguments: 0)
    arguments = ["--lang", "en", "--data-dir", str(tmp_path), "sandbox", "--falla", "http500:rcv"]

    code = main(arguments)

    assert code == 2
    assert capsys.readouterr().err.startswith(
        "The fault “http500:rcv” given to --falla is not valid. Unknown operation “rcv”."
    )
