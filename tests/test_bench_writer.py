"""The writer measure (issue 14, bench/writer.py): a tiny cold ingest, timed, and the
dump the identity check compares; no timing assertions."""

from __future__ import annotations

from pathlib import Path

from bench import writer


def test_the_writer_measure_stores_every_item_and_dumps_the_same_tables_twice(
    tmp_path: Path,
) -> None:
    dumps = []
    for run in range(2):
        db, out = tmp_path / f"bot{run}.db", tmp_path / f"dump{run}.txt"
        times = writer.ingest(4, 5, db)
        assert times["items"] == 20 and times["writer"] > 0 and times["judge"] > 0
        writer.dump(db, out)
        dumps.append(out.read_text(encoding="utf-8"))
    assert dumps[0] == dumps[1]
    assert "# items: 20 rows" in dumps[0] and "# stories_fts:" in dumps[0]


def test_the_writer_measure_judged_apart_stores_what_judging_in_process_stores(
    tmp_path: Path,
) -> None:
    """`--apart`: the items judged in a child process (as the judges' pool does in a poll)
    and handed to the pipeline store the same tables."""
    dumps = []
    for apart in (False, True):
        db, out = tmp_path / f"bot{apart}.db", tmp_path / f"dump{apart}.txt"
        times = writer.ingest(4, 5, db, apart=apart)
        assert times["items"] == 20 and times["writer"] > 0 and times["judge"] > 0
        writer.dump(db, out)
        dumps.append(out.read_text(encoding="utf-8"))
    assert dumps[0] == dumps[1]
