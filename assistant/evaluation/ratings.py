"""Ratings of the end summary (1-4) that PMs give in the app, reported with the scorecard."""

from __future__ import annotations

from statistics import mean

SCALE = (1, 2, 3, 4)


def summarise_ratings(scores: list[int]) -> dict:
    """Count, mean and distribution of 1-4 ratings; anything off the scale is ignored and counted."""
    valid = [int(s) for s in scores if isinstance(s, (int, float)) and int(s) == s and int(s) in SCALE]
    return {
        "count": len(valid),
        "mean": round(mean(valid), 3) if valid else None,
        "distribution": {str(k): valid.count(k) for k in SCALE},
        "share_good": round(sum(1 for s in valid if s >= 3) / len(valid), 3) if valid else None,
        "ignored": len(scores) - len(valid),
    }


def ratings_from_store(database_url: str) -> list[int] | None:
    """The latest rating of each conversation, or None when the store or its ratings table is missing."""
    try:
        from sqlalchemy import inspect, select

        from assistant.store.database import make_engine
        from assistant.store.schema import RatingRow
    except ImportError:
        return None
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        from pathlib import Path

        if not Path(url.database).expanduser().exists():
            return None  # reading ratings must never create an empty database
    try:
        engine = make_engine(database_url)
        if not inspect(engine).has_table(RatingRow.__tablename__):
            return None
        latest: dict[str, int] = {}
        with engine.connect() as conn:
            rows = conn.execute(select(RatingRow.conversation_id, RatingRow.score).order_by(RatingRow.id))
            for conversation, score in rows:
                latest[conversation] = score  # a PM who rates again changed their mind
        return list(latest.values())
    except Exception:  # noqa: BLE001 - a store we cannot open simply has no ratings to report
        return None
