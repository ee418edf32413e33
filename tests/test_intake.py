"""The intake's own checks (``intake.Intake``) give pydantic's verdicts: what the contract's
declaration accepts, read by pydantic in strict mode, is accepted alike, and a refusal names
the same field with the same message."""

from __future__ import annotations

import enum
import itertools
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from backcare.intake import Intake, IntakeError, parse_intake
from backcare.text_check import excerpt


class ContractIntake(BaseModel):
    """The intake as the contract declares it, for pydantic to judge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictStr | StrictInt | None = None
    text: StrictStr | None = None
    age: StrictInt | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "other"] | None = None
    region: StrictStr | None = None
    findings: dict[StrictStr, Any] = {}


def pydantic_verdict(raw: dict[str, Any]) -> tuple[Any, ...]:
    try:
        return ("accepted", ContractIntake.model_validate(raw).model_dump())
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0])  # past the key, a location names a union's member
        if first["type"] == "extra_forbidden":
            return ("refused", field, "unknown key")
        return ("refused", field, f"{first['msg']} (got {excerpt(first['input'])})")


def own_verdict(raw: dict[str, Any]) -> tuple[Any, ...]:
    try:
        return ("accepted", parse_intake(raw).to_json())
    except IntakeError as exc:
        message = "unknown key" if exc.message.startswith("unknown key") else exc.message
        return ("refused", exc.field, message)


class Level(enum.IntEnum):
    ONE = 1


class Sex(enum.StrEnum):
    FEMALE = "female"


VALUES: list[Any] = [
    None, 0, 1, -1, 120, 121, 10**30, True, False, 1.0, 1.5, float("nan"), "", "x", "44",
    "female", "male", "other", "Female", b"male", [], {}, {"fever": True}, {"age": 40},
    Level.ONE, Sex.FEMALE,
]
KEYS = ["id", "text", "age", "sex", "region", "findings", "extra"]


@pytest.mark.parametrize(("key", "value"), list(itertools.product(KEYS, VALUES)))
def test_each_value_of_each_key_is_judged_as_pydantic_judges_it(key: str, value: Any) -> None:
    for raw in ({key: value}, {key: value, "age": 200}, {"extra": 1, key: value},
                {key: value, "sex": "f"}, {"text": "back pain", key: value}):
        assert own_verdict(raw) == pydantic_verdict(raw), raw


def test_a_key_of_findings_that_is_not_a_string_is_refused_as_pydantic_refuses_it() -> None:
    raw: dict[str, Any] = {"findings": {1: True}}
    with pytest.raises(IntakeError) as refused:
        Intake(**raw)
    assert ("refused", refused.value.field, refused.value.message) == pydantic_verdict(raw)


def test_an_intake_made_directly_is_checked_too() -> None:
    with pytest.raises(IntakeError, match="age: Input should be less than or equal to 120"):
        Intake(age=200)


def test_the_published_schema_is_pydantic_s_for_the_declaration() -> None:
    schema = TypeAdapter(Intake).json_schema()
    expected = {**ContractIntake.model_json_schema(), "title": "Intake",
                "description": ContractIntake.__doc__}
    assert schema == {**expected, "description": Intake.__doc__}
    assert schema["properties"] == expected["properties"]
