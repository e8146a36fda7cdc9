"""Message codes with parameters, which the Qt-free layers return instead of sentences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cymadesk.models.frozen import fast_frozen_init

ParamValue = str | int


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue code such as ``firma.digest_mismatch`` plus the values its text needs.

    The command line and the UI render it in Spanish or English with
    ``cymadesk.messages.render``; storage keeps code and parameters, so a change of language
    re-renders old messages.
    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Message:
        params = data.get("params") or {}
        if not isinstance(params, Mapping):
            raise ValueError(f"message params must be an object, got {type(params).__name__}")
        return cls(str(data["code"]), {str(k): v for k, v in params.items()})
