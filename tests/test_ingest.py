"""Batch ingest on SQLite and PostgreSQL: exact counts, recorded failures, re-runs that add
nothing, a worker that dies, and a run killed with SIGKILL that a second run finishes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import distinct, func, select
from typer.testing import CliRunner

import jixiao
from jixiao import errors
from jixiao.cli import app
from jixiao.store import Database
from jixiao.store import ingest as ingest_module
from jixiao.store.ingest import INTERNAL_ERROR, WORKER_CRASHED, IngestSummary, crash_message, ingest, work
from jixiao.store.tables import AuditEntry, IngestFailure, StoredDocument, StoredFinding, StoredForm, StoredIndicator

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class Original:
    stem: str
    text: str
    names: tuple[str, ...]  # project names, longest first
    forms: int
    indicators: int


@pytest.fixture(scope="module")
def originals() -> list[Original]:
    """The 5 bundled examples (24 forms); a variant of each reads back with the same counts."""
    out = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        doc = jixiao.parse(path)
        names = tuple(sorted({f.project.name for f in doc.forms if f.project.name}, key=len, reverse=True))
        o = Original(path.stem, path.read_text(encoding="utf-8"), names, len(doc.forms),
                     sum(len(f.indicators) for f in doc.forms))
        v = jixiao.parse(variant(o, 0).encode(), "v.txt")
        assert (len(v.forms), sum(len(f.indicators) for f in v.forms)) == (o.forms, o.indicators)
        out.append(o)
    assert sum(o.forms for o in out) == 24
    return out


def variant(o: Original, k: int) -> str:
    """The example's text with every project name changed: distinct bytes, same forms."""
    text = o.text
    for name in o.names:
        text = text.replace(name, f"{name}-{k:04d}")
    return text


def write_corpus(folder: Path, originals: list[Original], n: int, start: int = 0) -> dict[str, tuple[int, int]]:
    """``n`` distinct variant files in ``folder``; returns sha256 -> (forms, indicators)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for i in range(start, start + n):
        o = originals[i % len(originals)]
        data = variant(o, i // len(originals) + 1).encode("utf-8")
        (folder / f"{o.stem}-{i:04d}.txt").write_bytes(data)
        expected[hashlib.sha256(data).hexdigest()] = (o.forms, o.indicators)
    assert len(expected) == n
    return expected


def per_document(db: Database) -> dict[str, tuple[int, int]]:
    """sha256 -> (forms, indicators) as stored."""
    with db.session() as s:
        rows = s.execute(
            select(StoredDocument.sha256, func.count(distinct(StoredForm.id)), func.count(StoredIndicator.id))
            .outerjoin(StoredForm, StoredForm.document_id == StoredDocument.id)
            .outerjoin(StoredIndicator, StoredIndicator.form_id == StoredForm.id)
            .group_by(StoredDocument.sha256)
        ).all()
    return {sha: (forms, inds) for sha, forms, inds in rows}


def count(db: Database, table) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def failures(db: Database) -> dict[str, tuple[str, str, str, int]]:
    """path -> (key, code, message, attempts)."""
    with db.session() as s:
        return {f.path: (f.key, f.code, f.message, f.attempts) for f in s.scalars(select(IngestFailure))}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


JUNK = bytes(range(256)) * 16
NO_FORM = "这是一份会议纪要，没有绩效目标表。\n".encode()


def mixed_folder(root: Path, originals: list[Original]) -> dict[str, object]:
    """Examples, variants, a GBK copy, a duplicate, bad files, skipped files and a broken link."""
    (root / "a").mkdir(parents=True)
    for o in originals:
        shutil.copy(EXAMPLES / f"{o.stem}.txt", root / "a" / f"{o.stem}.txt")
    write_corpus(root / "b" / "sub", originals, 5)
    gbk = variant(originals[4], 99).encode("gbk")
    (root / "b" / "gbk.txt").write_bytes(gbk)
    shutil.copy(EXAMPLES / f"{originals[0].stem}.txt", root / "dup.txt")  # same bytes as a/000…
    (root / "empty.txt").write_bytes(b"")
    (root / "junk.pdf").write_bytes(JUNK)
    (root / "noform.txt").write_bytes(NO_FORM)
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".hidden.txt").write_bytes(b"x")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_bytes(b"x")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    forms = 24 + 24 + originals[4].forms
    indicators = 2 * sum(o.indicators for o in originals) + originals[4].indicators
    return {"files": 16, "stored": 11, "already": 1, "failed": 4, "skipped": 2, "forms": forms, "indicators": indicators}


def expected_failures(root: Path) -> dict[str, tuple[str, str, str]]:
    """path -> (key, code, message)."""
    def message(data: bytes, path: Path) -> str:
        with pytest.raises(errors.ReadError) as exc:
            jixiao.parse(data, str(path))
        return exc.value.message

    gone = root / "gone.txt"
    return {
        str(root / "empty.txt"): (sha(b""), "empty-file", errors.empty_file().with_path(str(root / "empty.txt")).message),
        str(root / "junk.pdf"): (sha(JUNK), "binary-file", message(JUNK, root / "junk.pdf")),
        str(root / "noform.txt"): (sha(NO_FORM), "no-form", errors.no_form().with_path(str(root / "noform.txt")).message),
        str(gone): (f"path:{gone}", "not-found", f"{gone}：文件不存在（或是失效的链接） / no such file (or a broken link)。请检查路径是否正确。"),
    }


def test_ingest_a_folder_stores_every_form_and_records_each_failure(db, tmp_path, originals):
    root = tmp_path / "corpus"
    want = mixed_folder(root, originals)
    events = []
    summary = ingest(db, [root], jobs=2, listener=events.append)

    assert (summary.files, summary.stored, summary.already, summary.failed, summary.skipped, summary.forms) == (
        want["files"], want["stored"], want["already"], want["failed"], want["skipped"], want["forms"])
    assert summary.missing == [] and not summary.ok and summary.forms_per_second > 0
    assert events[0].kind == "start" and events[0].total == 16
    assert sorted(e.kind for e in events[1:]) == ["already"] + ["failed"] * 4 + ["stored"] * 11
    assert count(db, StoredDocument) == 11
    assert count(db, StoredForm) == want["forms"]
    assert count(db, StoredIndicator) == want["indicators"]
    assert count(db, AuditEntry) == 11
    with db.session() as s:
        assert s.scalar(select(func.sum(StoredForm.indicator_count))) == want["indicators"]
        # the duplicate is stored once, under the path met first (top-level files come before sub-folders)
        assert s.scalar(select(StoredDocument.filename).where(StoredDocument.sha256 == sha((root / "dup.txt").read_bytes()))) == str(root / "dup.txt")
        # the GBK copy is a document of its own, with the original bytes
        assert s.scalar(select(StoredDocument.content).where(StoredDocument.filename == str(root / "b" / "gbk.txt"))) == (root / "b" / "gbk.txt").read_bytes()
    assert failures(db) == {p: (*v, 1) for p, v in expected_failures(root).items()}


def test_reingest_adds_nothing_and_updates_the_failures(db, tmp_path, originals):
    root = tmp_path / "corpus"
    want = mixed_folder(root, originals)
    ingest(db, [root], jobs=2)
    before = (count(db, StoredDocument), count(db, StoredForm), count(db, StoredIndicator), count(db, StoredFinding),
              count(db, AuditEntry))
    again = ingest(db, [root], jobs=2)
    assert (again.files, again.stored, again.forms, again.already, again.failed, again.skipped) == (16, 0, 0, 12, 4, 2)
    assert (count(db, StoredDocument), count(db, StoredForm), count(db, StoredIndicator), count(db, StoredFinding),
            count(db, AuditEntry)) == before == (11, want["forms"], want["indicators"], before[3], 11)
    assert failures(db) == {p: (*v, 2) for p, v in expected_failures(root).items()}


def test_cli_lists_failures_and_a_fixed_file_clears_its_row(db, db_url, tmp_path, originals):
    root = tmp_path / "corpus"
    write_corpus(root, originals, 3)
    (root / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    missing = tmp_path / "no-such-folder"
    args = ["ingest", str(root), str(missing), "--db", db_url, "--jobs", "2"]

    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output
    assert f"✗ {missing}：文件或目录不存在 / no such file or folder" in first.stderr
    assert f"✗ [empty-file] {root / 'empty.txt'}：文件为空 / the file is empty" in first.stderr
    assert "1 个文件失败，原因已记录；用 jixiao ingest --failed 查看" in first.stderr
    assert re.search(r"新入库 stored\s*│\s*3 │", first.stdout)
    assert re.search(r"不存在的路径 missing paths\s*│\s*1 │", first.stdout)

    second = runner.invoke(app, ["ingest", str(root), "--db", db_url, "--jobs", "2"])
    assert second.exit_code == 1
    assert re.search(r"已在库中 already stored\s*│\s*3 │", second.stdout)
    assert failures(db) == {str(root / "empty.txt"): (sha(b""), "empty-file",
                                                      errors.empty_file().with_path(str(root / "empty.txt")).message, 2)}

    listed = runner.invoke(app, ["ingest", "--failed", "--db", db_url])
    assert listed.exit_code == 0
    assert "入库失败 / ingest failures（1）" in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if str(root / "empty.txt") in line)
    assert re.search(r"│ empty-file │ 文件为空 / the file is empty.*│\s+2 │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │", row), listed.stdout

    (root / "empty.txt").write_text(variant(originals[0], 500), encoding="utf-8")  # fixed
    fixed = runner.invoke(app, ["ingest", str(root), "--db", db_url, "--jobs", "2"])
    assert fixed.exit_code == 0, fixed.output
    assert failures(db) == {}
    assert count(db, StoredDocument) == 4
    listed = runner.invoke(app, ["ingest", "--failed", "--db", db_url])
    assert (listed.exit_code, listed.stdout.strip()) == (0, "（没有记录的入库失败）/ no ingest failures recorded")

    assert runner.invoke(app, ["ingest", "--db", db_url]).exit_code == 2


def test_oversized_and_unreadable_files_are_failures_keyed_by_path(db, tmp_path, originals, monkeypatch):
    root = tmp_path / "corpus"
    write_corpus(root / "closed", originals, 2, start=5)
    write_corpus(root, originals, 5)
    closed = root / "closed"
    sizes = {p: p.stat().st_size for p in sorted(root.glob("*.txt"))}
    limit = sorted(sizes.values())[2]  # the 2 biggest files are over it
    locked = sorted(sizes)[0]
    real_open, real_scandir = open, os.scandir

    def fake_open(path, *a, **kw):  # root reads everything: simulate a file without read permission
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **kw)

    def fake_scandir(path="."):  # ... and a folder that cannot be listed
        if str(path) == str(closed):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest_module, "open", fake_open, raising=False)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    summary = ingest(db, [root], jobs=1, max_size=limit)
    big = [p for p, n in sizes.items() if n > limit and p != locked]
    assert len(big) == 2
    assert (summary.files, summary.stored, summary.failed) == (6, 2, 4)
    want = {str(p): (f"path:{p}", "too-large", errors.too_large(sizes[p], limit).with_path(str(p)).message, 1) for p in big}
    want[str(locked)] = (f"path:{locked}", "unreadable", f"{locked}：没有读取权限 / permission denied。请检查文件权限。", 1)
    want[str(closed)] = (f"path:{closed}", "unreadable",
                         f"{closed}：无法读取目录 / cannot list the folder (Permission denied)。请检查目录权限。", 1)
    assert failures(db) == want


def crashing_worker(path: str, data: bytes) -> dict:
    """A worker that dies on ``crash*`` files and raises on ``raise*`` files (run in worker processes)."""
    name = os.path.basename(path)
    if name.startswith("crash"):
        os._exit(1)
    if name.startswith("raise"):
        raise RuntimeError("injected failure")
    return work(path, data)


def test_a_worker_that_dies_or_raises_fails_only_its_file(db, tmp_path, originals):
    root = tmp_path / "corpus"
    expected = write_corpus(root, originals, 8)
    files = sorted(root.iterdir())
    crash, boom = root / "crash.txt", root / "raise.txt"
    files[2].rename(crash)
    files[5].rename(boom)
    summary = ingest(db, [root], jobs=2, worker=crashing_worker)
    assert (summary.files, summary.stored, summary.failed, summary.forms) == (
        8, 6, 2, sum(expected[sha(p.read_bytes())][0] for p in root.iterdir() if p not in (crash, boom)))
    assert failures(db) == {
        str(crash): (sha(crash.read_bytes()), WORKER_CRASHED, crash_message(str(crash)), 1),
        str(boom): (sha(boom.read_bytes()), INTERNAL_ERROR,
                    f"{boom}：内部错误，请把该文件报告给开发者 / internal error (RuntimeError: injected failure)", 1),
    }
    assert per_document(db) == {k: v for k, v in expected.items() if k not in (sha(crash.read_bytes()), sha(boom.read_bytes()))}
    # with a healthy worker the two files store, and their failure rows go
    again = ingest(db, [root], jobs=2)
    assert (again.stored, again.already, again.failed) == (2, 6, 0)
    assert failures(db) == {} and per_document(db) == expected


def test_killed_mid_run_a_second_run_finishes_with_no_duplicate_and_no_loss(db, db_url, tmp_path, originals):
    n = 90
    corpus = tmp_path / "corpus"
    expected = write_corpus(corpus, originals, n)
    cmd = [sys.executable, "-m", "jixiao", "ingest", str(corpus), "--db", db_url, "--jobs", "2"]
    with open(tmp_path / "first.log", "wb") as log:
        proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while count(db, StoredDocument) < 5:
                assert proc.poll() is None, (tmp_path / "first.log").read_text()
                assert time.monotonic() < deadline, "the first run stored nothing in 120 s"
                time.sleep(0.02)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    partial = per_document(db)
    assert 5 <= len(partial) < n
    assert all(expected[k] == v for k, v in partial.items())  # every stored document is whole
    assert count(db, StoredForm) == sum(expected[k][0] for k in partial)
    assert count(db, StoredIndicator) == sum(expected[k][1] for k in partial)
    assert count(db, AuditEntry) == len(partial)
    assert count(db, IngestFailure) == 0

    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"新入库 stored\s*│\s*{n - len(partial)} │", done.stdout), done.stdout
    assert re.search(rf"已在库中 already stored\s*│\s*{len(partial)} │", done.stdout), done.stdout
    assert per_document(db) == expected
    assert count(db, StoredDocument) == n
    assert count(db, StoredForm) == sum(f for f, _ in expected.values())
    assert count(db, StoredIndicator) == sum(i for _, i in expected.values())
    assert count(db, AuditEntry) == n
    assert count(db, IngestFailure) == 0


def test_summary_rate():
    s = IngestSummary(files=3, stored=2, forms=10, seconds=4.0)
    assert (s.forms_per_second, s.ok) == (2.5, True)
    assert IngestSummary().forms_per_second == 0.0


def test_a_bulk_load_refreshes_the_planner_statistics(db, tmp_path, originals, monkeypatch):
    import jixiao.store.ingest as ingest_module

    def analysed() -> bool:
        with db.engine.connect() as conn:
            if db.engine.dialect.name == "sqlite":
                return bool(conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar())
            # reltuples is -1 until the table is first analysed (a catalogue row, updated by ANALYZE itself);
            # the first batch stores 11 forms, under autovacuum's threshold of 50 changed rows
            return conn.exec_driver_sql("SELECT reltuples >= 0 FROM pg_class WHERE relname = 'forms'").scalar()

    root = tmp_path / "corpus"
    write_corpus(root, originals, 2)
    monkeypatch.setattr(ingest_module, "ANALYZE_AFTER", 10_000)
    assert ingest(db, [root], jobs=1).forms == 11  # examples/000 and /001
    assert not analysed()  # a small batch leaves the statistics alone
    write_corpus(root, originals, 2, start=2)
    monkeypatch.setattr(ingest_module, "ANALYZE_AFTER", 1)
    ingest(db, [root], jobs=1)
    assert analysed()
    if db.engine.dialect.name == "postgresql":  # and the tables the list and search read were vacuumed
        with db.engine.connect() as conn:
            vacuumed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL ORDER BY relname").scalars().all()
        assert vacuumed == ["documents", "findings", "forms", "indicators"]
