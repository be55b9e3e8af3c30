"""Danish times and numbers: UTC stored, Copenhagen time shown; decimal comma."""

from datetime import UTC, datetime

from inventar.domain.times import display_value, format_datetime, format_number, from_local, to_local


def test_local_time_summer_winter_and_after_midnight():
    assert to_local(datetime(2026, 6, 1, 8, 16)) == datetime(2026, 6, 1, 10, 16)  # CEST, UTC+2
    assert to_local(datetime(2026, 11, 30, 9, 16)) == datetime(2026, 11, 30, 10, 16)  # CET, UTC+1
    assert to_local("2026-11-30T23:30:00.123456") == datetime(2026, 12, 1, 0, 30)  # the next day in Denmark
    assert to_local(datetime(2026, 11, 30, 9, 16, tzinfo=UTC)) == datetime(2026, 11, 30, 10, 16)
    assert from_local(datetime(2026, 11, 30, 10, 16)) == datetime(2026, 11, 30, 9, 16)
    assert to_local(None) is None


def test_shown_formats():
    assert format_datetime(datetime(2026, 11, 30, 9, 16)) == "30-11-2026 10:16"
    assert format_datetime(None) == ""
    assert display_value("2026-11-30 00:00:00") == "30-11-2026"  # a chosen day, not "2026-11-30 00:00:00"
    assert display_value("2026-11-30 09:16:00") == "30-11-2026 10:16"
    assert display_value("2026-11-30T09:16:00+00:00") == "30-11-2026 10:16"  # a backup's creation time
    assert display_value("Kontorstol") == "Kontorstol"
    assert (format_number(383.6), format_number(0), format_number(1234.56, 2)) == ("383,6", "0,0", "1.234,56")


def test_conflict_values_show_local_time():
    from inventar.domain.sync import value_text

    assert value_text("registered_at", datetime(2026, 11, 30, 9, 16)) == "30-11-2026 10:16"
