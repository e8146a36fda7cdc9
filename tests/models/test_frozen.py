"""The faster __init__ builds the same objects as the one dataclasses writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from cymadesk.models import document, message, verdict
from cymadesk.models.frozen import fast_frozen_init


@dataclass(frozen=True, slots=True)
class Plain:
    name: str
    amount: int = 0
    extra: dict[str, str] = field(default_factory=dict)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Fast:
    name: str
    amount: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def _values(item: object) -> tuple[object, ...]:
    return tuple(getattr(item, each.name) for each in dataclasses.fields(item))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("a",), {}),
        (("a", 5), {}),
        (("a", 5, {"k": "v"}), {}),
        ((), {"name": "a", "extra": {"k": "v"}}),
        (("a",), {"amount": -1}),
    ],
)
def test_fast_init_same_values(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    assert _values(Fast(*args, **kwargs)) == _values(Plain(*args, **kwargs))  # type: ignore[arg-type]


def test_fast_init_new_default_each_time() -> None:
    first = Fast("a")
    second = Fast("b")
    assert first.extra == {}
    assert first.extra is not second.extra


def test_fast_init_keeps_frozen() -> None:
    item = Fast("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.name = "b"  # type: ignore[misc]
    assert item == Fast("a")
    assert repr(item) == "Fast(name='a', amount=0, extra={})"


def test_fast_init_argument_errors() -> None:
    with pytest.raises(TypeError):
        Fast()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fast("a", unknown=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fast("a", 1, {}, 2)  # type: ignore[call-arg]


def test_fast_init_rejects_uncovered_classes() -> None:
    @dataclass(frozen=True)
    class WithoutSlots:
        name: str

    @dataclass(slots=True)
    class Mutable:
        name: str

    @dataclass(frozen=True, slots=True)
    class WithPostInit:
        name: str

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        name: str

    @dataclass(frozen=True, slots=True)
    class NotInInit:
        name: str
        size: int = field(default=0, init=False)

    for cls in (WithoutSlots, Mutable, WithPostInit, KeywordOnly, NotInInit):
        with pytest.raises(TypeError):
            fast_frozen_init(cls)


def test_model_classes_use_fast_init() -> None:
    classes = [
        value
        for module in (document, message, verdict)
        for value in vars(module).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == module.__name__
    ]
    assert len(classes) == 17
    for cls in classes:
        names = cls.__init__.__code__.co_names
        assert any(name.startswith("_set_") for name in names), cls.__name__
