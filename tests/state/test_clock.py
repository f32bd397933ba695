"""Times in the world: the stored form and its presentation."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from state.clock import from_db, local_iso, to_db


def test_a_stored_time_reads_back_as_the_same_utc_moment() -> None:
    moment = datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC)
    assert from_db(to_db(moment)) == moment
    assert local_iso(to_db(moment), ZoneInfo("Europe/Berlin")) == "2026-03-29T03:30:05+02:00"


@pytest.mark.parametrize(
    "stored",
    ["2026-13-02T08:15:00Z", "2026-03-02 08:15:00Z", "2026-03-02T08:15:00+00", "2026-03-02T08:15Z", ""],
)
def test_a_stored_time_in_any_other_shape_is_refused(stored: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - datetime's own messages vary by shape
        from_db(stored)
