"""The time zone in which the SII writes its timestamps and the law counts its days."""

from zoneinfo import ZoneInfo

SANTIAGO = ZoneInfo("America/Santiago")
