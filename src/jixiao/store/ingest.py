"""Batch ingest: read, review and store every supported file under some paths.

:func:`ingest` is what ``jixiao ingest PATH...`` runs. The design, in short:

* **Walk.** Files and folders (recursively, in sorted order); hidden files and folders
  (``.name``) and files whose extension is not one jixiao reads (:data:`SUPPORTED`) are
  skipped and counted. A path that does not exist is reported and the others go on.
* **Main process reads, workers parse.** The main process reads each file's bytes
  (refusing, without reading them, files over ``max_size``), computes the sha256 and
  asks the database, in one query per chunk of files, which are already stored: those
  are counted as already stored and not read again. New bytes go to a
  :class:`~concurrent.futures.ProcessPoolExecutor` whose workers parse and review them
  (:func:`work`) and send back JSON: the document and its form reviews, or a failure
  code and message. The number of files (and bytes) in flight is bounded, so memory
  stays flat on a corpus of any size.
* **Only the main process writes**, one transaction per file (document, forms,
  indicators, findings and audit entry, via :func:`~jixiao.store.documents.store_document`).
  Killing the process at any moment leaves every file stored whole or not at all; running
  the same command again stores what is missing and adds nothing else, because a file
  whose sha256 is stored is skipped.
* **Failures are recorded, not fatal.** A file that cannot be read is upserted into
  ``ingest_failures`` (key: its sha256, or ``path:`` + its path when not even its bytes
  could be read) with jixiao's reason; a repeat updates the row and bumps ``attempts``;
  a file that later stores fine deletes its row. An internal error in a worker, or a
  worker process that dies (the pool is then restarted and the files that were in flight
  are retried one at a time, so only the culprit is blamed), is a failure of that file.
* The same bytes under two paths in one batch are parsed and stored once.

Database errors (the server went away, the disk is full) are not failures of a file:
they stop the batch with :class:`~jixiao.store.db.DatabaseError`; what was committed
stays and the next run continues from there.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .. import errors
from ..errors import JixiaoError
from ..api import DEFAULT_MAX_SIZE, parse
from ..model import Document
from ..review import FormReview, Profile, load_profile, review_form
from .db import Database, unreachable
from .documents import store_document
from .tables import IngestFailure, StoredDocument, utcnow

#: Extensions of the files a walk picks up (lower case); everything else is skipped.
SUPPORTED = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".xlsx", ".xls"})

#: Files read and checked against the database together (one query per chunk).
CHUNK_FILES = 256
#: ... unless their bytes reach this first.
CHUNK_BYTES = 64 * 1024 * 1024
#: Bytes sent to workers and not yet stored, at most (one bigger file may go alone).
INFLIGHT_BYTES = 256 * 1024 * 1024

WORKER_CRASHED = "worker-crashed"
INTERNAL_ERROR = "internal-error"


# --------------------------------------------------------------------------- results


class IngestError(JixiaoError):
    """The batch cannot go on (not the fault of one file); the message says what to do."""

    def __init__(self, zh: str, en: str, hint: str = ""):
        self.zh, self.en, self.hint = zh, en, hint
        super().__init__(f"{zh} / {en}" + (f"。{hint}" if hint else ""))


@dataclass
class IngestSummary:
    """What one :func:`ingest` run did. ``files`` = ``stored + already + failed``."""

    files: int = 0
    stored: int = 0
    forms: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def forms_per_second(self) -> float:
        return self.forms / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        """Every file is stored (now or before) and every path existed."""
        return not self.failed and not self.missing


@dataclass(frozen=True)
class IngestEvent:
    """One thing that happened, for progress displays.

    ``kind`` is ``"start"`` (``total`` files found), ``"missing"`` (a path that does not
    exist), or the outcome of one file: ``"stored"`` (with ``forms``), ``"already"`` or
    ``"failed"`` (with ``code`` and ``message``).
    """

    kind: str
    path: str = ""
    total: int = 0
    forms: int = 0
    code: str = ""
    message: str = ""


Listener = Callable[[IngestEvent], None]


# --------------------------------------------------------------------------- walking


def _hidden(name: str) -> bool:
    return name.startswith(".")


def walk(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], int, list[str], list[tuple[str, str]]]:
    """``(files, skipped, missing, unreadable)``: the supported files under ``paths`` in order,
    how many files were skipped (hidden or with an unsupported extension), the paths that do
    not exist, and the folders that could not be listed, with the reason.

    Folders are walked recursively in sorted order without following symbolic links to
    folders; hidden folders are not entered (their files are not counted). A file named on
    the command line is skipped too when its extension is not supported (so
    ``jixiao ingest dir/*`` behaves like ``jixiao ingest dir``).
    """
    files: list[str] = []
    skipped = 0
    missing: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def onerror(exc: OSError) -> None:
        unreadable.append((str(exc.filename), exc.strerror or str(exc)))

    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p, onerror=onerror):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                for name in sorted(names):
                    if _hidden(name) or os.path.splitext(name)[1].lower() not in SUPPORTED:
                        skipped += 1
                    else:
                        files.append(os.path.join(root, name))
        elif os.path.lexists(p):
            if os.path.splitext(p)[1].lower() in SUPPORTED:
                files.append(p)
            else:
                skipped += 1
        else:
            missing.append(p)
    return files, skipped, missing, unreadable


# --------------------------------------------------------------------------- the worker side

_PROFILE: Profile | None = None


def init_worker(profile: str | None) -> None:
    """Pool initializer: load the review profile once per worker process."""
    global _PROFILE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _PROFILE = load_profile(profile)


def work(path: str, data: bytes) -> dict[str, Any]:
    """Parse and review ``data`` (the bytes of ``path``) in a worker process.

    Returns ``{"document": ..., "reviews": [...]}`` as JSON types, or ``{"code": ...,
    "message": ...}`` when the file cannot be read. Never raises for bad input; an
    unexpected exception is returned as an ``internal-error`` failure.
    """
    try:
        profile = _PROFILE or load_profile()
        doc = parse(data, path, max_size=max(len(data), 1))
        reviews = [review_form(f, i, profile).model_dump(mode="json") for i, f in enumerate(doc.forms)]
        return {"document": doc.to_json_dict(), "reviews": reviews}
    except errors.ReadError as exc:
        return {"code": exc.code, "message": exc.with_path(path).message}
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return {"code": INTERNAL_ERROR, "message": internal_message(path, exc)}


def ping() -> bool:
    """A task that does nothing: a worker that runs it can start."""
    return True


def internal_message(path: str, exc: BaseException) -> str:
    return f"{path}：内部错误，请把该文件报告给开发者 / internal error ({type(exc).__name__}: {exc})"


def crash_message(path: str) -> str:
    return (f"{path}：读取该文件时工作进程意外退出（程序缺陷或内存不足），请把该文件报告给开发者 / "
            "the worker process died while reading this file")


def _context():
    """Workers start from a clean forkserver (no threads, no database connections inherited)."""
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["jixiao.store.ingest"])
        return ctx
    return multiprocessing.get_context("spawn")


# --------------------------------------------------------------------------- the main side


@dataclass
class _Task:
    path: str
    data: bytes
    sha256: str


@dataclass
class _Unreadable:
    path: str
    code: str
    message: str


def read_file(path: str, max_size: int) -> _Task | _Unreadable:
    """The file's bytes and sha256, or why they cannot be had (too large: decided from
    its size, before reading)."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_size:
                exc = errors.too_large(size, max_size).with_path(path)
                return _Unreadable(path, exc.code, exc.message)
            data = fh.read(max_size + 1)
    except PermissionError:
        exc = errors.ReadError("unreadable", "没有读取权限", "permission denied", "请检查文件权限。", path=path)
        return _Unreadable(path, exc.code, exc.message)
    except FileNotFoundError:
        exc = errors.ReadError("not-found", "文件不存在（或是失效的链接）", "no such file (or a broken link)",
                               "请检查路径是否正确。", path=path)
        return _Unreadable(path, exc.code, exc.message)
    except OSError as exc:
        err = errors.ReadError("unreadable", "无法读取文件", f"cannot read the file ({exc.strerror or exc})", path=path)
        return _Unreadable(path, err.code, err.message)
    if len(data) > max_size:  # it grew while we looked
        exc = errors.too_large(len(data), max_size).with_path(path)
        return _Unreadable(path, exc.code, exc.message)
    return _Task(path, data, hashlib.sha256(data).hexdigest())


def _chunks(files: list[str], max_size: int) -> Iterator[list[_Task | _Unreadable]]:
    chunk: list[_Task | _Unreadable] = []
    size = 0
    for path in files:
        item = read_file(path, max_size)
        chunk.append(item)
        size += len(item.data) if isinstance(item, _Task) else 0
        if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def record_failure(db: Database, path: str, code: str, message: str, sha256: str | None) -> None:
    """Upsert the failure of ``path`` (one row per key; a repeat bumps ``attempts``)."""
    key = sha256 if sha256 else f"path:{path}"
    for attempt in range(2):
        try:
            with db.session() as s:
                row = s.scalar(select(IngestFailure).where(IngestFailure.key == key))
                if row is None:
                    s.add(IngestFailure(key=key, path=path, sha256=sha256, code=code, message=message, attempts=1,
                                        at=utcnow()))
                else:
                    row.path, row.code, row.message, row.at = path, code, message, utcnow()
                    row.attempts = (row.attempts or 0) + 1
            return
        except IntegrityError:  # another process inserted the same key just now: update it
            if attempt:
                raise


class _Run:
    """One ingest run: the pool, the tasks in flight, the counters."""

    def __init__(self, db: Database, profile: Profile, profile_arg: str | None, jobs: int,
                 worker: Callable[[str, bytes], dict[str, Any]], listener: Listener | None):
        self.db, self.profile, self.profile_arg, self.jobs = db, profile, profile_arg, jobs
        self.worker, self.listener = worker, listener
        self.summary = IngestSummary()
        self.inflight: dict[Future, _Task] = {}
        self.inflight_bytes = 0
        self.limit = 4 * jobs
        # sha256 -> paths with the same bytes waiting for the first one's outcome
        self.pending: dict[str, list[str]] = {}
        # sha256 -> outcome of bytes already handled in this run: ("stored"|"already"|"failed", code, path)
        self.done: dict[str, tuple[str, str, str]] = {}
        self.pool: ProcessPoolExecutor | None = None

    # ---- events
    def emit(self, event: IngestEvent) -> None:
        if self.listener is not None:
            self.listener(event)

    def stored(self, path: str, forms: int) -> None:
        self.summary.stored += 1
        self.summary.forms += forms
        self.emit(IngestEvent("stored", path, forms=forms))

    def already(self, path: str) -> None:
        self.summary.already += 1
        self.emit(IngestEvent("already", path))

    def failed(self, path: str, code: str, message: str, sha256: str | None, *, record: bool = True) -> None:
        if record:
            record_failure(self.db, path, code, message, sha256)
        self.summary.failed += 1
        self.emit(IngestEvent("failed", path, code=code, message=message))

    # ---- the pool
    def new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=init_worker,
                                   initargs=(self.profile_arg,))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def submit(self, task: _Task) -> None:
        while self.inflight and (len(self.inflight) >= self.limit
                                 or self.inflight_bytes + len(task.data) > INFLIGHT_BYTES):
            self.drain(FIRST_COMPLETED)
        if self.pool is None:
            self.pool = self.new_pool(self.jobs)
        fut = self.pool.submit(self.worker, task.path, task.data)
        self.inflight[fut] = task
        self.inflight_bytes += len(task.data)

    def drain(self, return_when: str) -> None:
        """Wait for in-flight work (one result, or all) and store what came back."""
        finished, _ = wait(list(self.inflight), return_when=return_when)
        crashed: list[_Task] = []
        for fut in sorted(finished, key=lambda f: self.inflight[f].path):
            task = self.inflight.pop(fut)
            self.inflight_bytes -= len(task.data)
            try:
                result = fut.result()
            except BrokenProcessPool:
                crashed.append(task)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be unpickled
                result = {"code": INTERNAL_ERROR, "message": internal_message(task.path, exc)}
            self.finish(task, result)
        if crashed:
            self.isolate(crashed)

    def isolate(self, crashed: list[_Task]) -> None:
        """A worker died: every task that was in flight gets the news. Restart the pool and
        run those tasks again one at a time, each in a pool of its own, so that only the
        file that kills a worker is recorded as failed."""
        # all in-flight futures of a broken pool fail too; collect them
        for fut in list(self.inflight):
            task = self.inflight.pop(fut)
            self.inflight_bytes -= len(task.data)
            try:
                result = fut.result()
            except BrokenProcessPool:
                crashed.append(task)
                continue
            except Exception as exc:  # noqa: BLE001
                result = {"code": INTERNAL_ERROR, "message": internal_message(task.path, exc)}
            self.finish(task, result)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        single: ProcessPoolExecutor | None = None
        try:
            for task in sorted(crashed, key=lambda t: t.path):
                single = single or self.new_pool(1)
                try:
                    result = single.submit(self.worker, task.path, task.data).result()
                except BrokenProcessPool:
                    single.shutdown(wait=True)
                    single = None
                    self.check_workers_start()
                    result = {"code": WORKER_CRASHED, "message": crash_message(task.path)}
                except Exception as exc:  # noqa: BLE001
                    result = {"code": INTERNAL_ERROR, "message": internal_message(task.path, exc)}
                self.finish(task, result)
        finally:
            if single is not None:
                single.shutdown(wait=True)

    def check_workers_start(self) -> None:
        """After a worker died on a file alone: make sure a worker can run at all (and it was
        the file), rather than blame every file for a broken set-up."""
        probe = self.new_pool(1)
        try:
            probe.submit(ping).result()
        except BrokenProcessPool:
            raise IngestError("工作进程无法启动", "worker processes cannot start",
                              "工作进程的错误输出见上方 / see the workers' errors above") from None
        finally:
            probe.shutdown(wait=True)

    # ---- outcomes
    def finish(self, task: _Task, result: dict[str, Any]) -> None:
        """Store a worker's result (one transaction) or record its failure; then settle the
        other paths with the same bytes."""
        kind, code, message, forms = "failed", str(result.get("code") or INTERNAL_ERROR), str(result.get("message") or ""), 0
        if "document" in result:
            try:
                doc = Document.model_validate(result["document"])
                reviews = [FormReview.model_validate(r) for r in result["reviews"]]
                kind = "stored" if self.store(task, doc, reviews) else "already"
                forms = len(doc.forms)
            except IntegrityError:
                kind = "already"  # stored by another process meanwhile
            except SQLAlchemyError:
                raise  # the database, not this file: stop the batch
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
                kind, code, message = "failed", INTERNAL_ERROR, internal_message(task.path, exc)
        if kind == "stored":
            self.stored(task.path, forms)
        elif kind == "already":
            self.already(task.path)
        else:
            self.failed(task.path, code, message, task.sha256)
        self.done[task.sha256] = (kind, code, task.path)
        for other in self.pending.pop(task.sha256, []):
            self.settle_duplicate(other, self.done[task.sha256])

    def settle_duplicate(self, path: str, outcome: tuple[str, str, str]) -> None:
        """``path`` has the same bytes as a file handled in this run."""
        kind, code, first = outcome
        if kind == "failed":  # the same reason; counted, but the failure row (keyed by sha256) is the first's
            self.failed(path, code, f"{path}：内容与 {first} 相同，同样无法读取 / same bytes as {first}, which failed",
                        None, record=False)
        else:
            self._clear_failures([path])
            self.already(path)

    def store(self, task: _Task, doc: Document, reviews: list[FormReview]) -> bool:
        with self.db.session() as s:
            _, created = store_document(s, doc, task.data, reviews, profile=self.profile, by="ingest")
            s.execute(delete(IngestFailure).where(
                IngestFailure.key.in_([task.sha256, f"path:{task.path}"]) | (IngestFailure.path == task.path)))
        return created

    def _clear_failures(self, paths: list[str]) -> None:
        if paths:
            with self.db.session() as s:
                s.execute(delete(IngestFailure).where(IngestFailure.path.in_(paths)))

    # ---- the batch
    def run(self, files: list[str], max_size: int) -> None:
        try:
            for chunk in _chunks(files, max_size):
                shas = sorted({t.sha256 for t in chunk if isinstance(t, _Task)} - set(self.done) - set(self.pending))
                with self.db.session() as s:
                    known = set(s.scalars(select(StoredDocument.sha256).where(StoredDocument.sha256.in_(shas)))) if shas else set()
                known_paths: list[str] = []
                for item in chunk:
                    if isinstance(item, _Unreadable):
                        self.failed(item.path, item.code, item.message, None)
                    elif item.sha256 in known or (item.sha256 in self.done and self.done[item.sha256][0] != "failed"):
                        known_paths.append(item.path)
                        self.already(item.path)
                    elif item.sha256 in self.done:
                        self.settle_duplicate(item.path, self.done[item.sha256])
                    elif item.sha256 in self.pending:
                        self.pending[item.sha256].append(item.path)
                    else:
                        self.pending[item.sha256] = []
                        self.submit(item)
                self._clear_failures(known_paths)
            while self.inflight:
                self.drain(FIRST_COMPLETED)
        finally:
            self.close()


#: a batch that stored at least this many forms refreshes the planner's statistics
ANALYZE_AFTER = 500


def refresh_statistics(db: Database) -> None:
    """After a bulk load: ``ANALYZE`` (the query planner's statistics), and on PostgreSQL
    ``VACUUM ANALYZE`` of the tables the list and search read.

    Without statistics PostgreSQL plans the form list of a freshly filled database as a scan
    and a sort of every form (17 ms for a deep page of 10,000 forms) instead of an index walk
    (2 ms). ``VACUUM`` then marks the new rows all-visible, so the list's ``count(*)`` and its
    page of ids are read from the indexes alone (measured, 10,000 forms: a deep page 21.7 →
    1.8 ms), and it empties the trigram index's pending list, which every search scans until
    then (search p95 under load 6 s → 0.1 s). Autovacuum would do both, but only later. A few
    seconds for 10,000 forms. ``VACUUM`` cannot run in a transaction: an autocommit connection.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) forms, indicators, findings, documents")
            conn.exec_driver_sql("ANALYZE")
        return
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def ingest(
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    profile: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    listener: Listener | None = None,
    worker: Callable[[str, bytes], dict[str, Any]] = work,
) -> IngestSummary:
    """Read, review and store every supported file under ``paths``; see the module docstring.

    ``jobs`` worker processes (default: the number of CPUs) run ``worker`` (default
    :func:`work`; tests pass their own, which must be importable by a worker process).
    ``profile`` is the review profile's name or YAML path (loaded here first, so a bad one
    raises :class:`jixiao.errors.ReadError` before anything is read). ``listener`` gets an
    :class:`IngestEvent` for the start and for each file.
    """
    start = time.perf_counter()
    loaded = load_profile(profile)
    jobs = max(1, jobs or os.cpu_count() or 1)
    files, skipped, missing, unreadable = walk(paths)
    run = _Run(db, loaded, profile, jobs, worker, listener)
    run.summary.files = len(files) + len(unreadable)
    run.summary.skipped, run.summary.missing = skipped, missing
    for p in missing:
        run.emit(IngestEvent("missing", p))
    run.emit(IngestEvent("start", total=run.summary.files))
    try:
        for folder, why in unreadable:  # a folder that cannot be listed is a failure, not silence
            exc = errors.ReadError("unreadable", "无法读取目录", f"cannot list the folder ({why})", "请检查目录权限。", path=folder)
            run.failed(folder, exc.code, exc.message, None)
        run.run(files, max_size)
        if run.summary.forms >= ANALYZE_AFTER:
            refresh_statistics(db)
    except SQLAlchemyError as exc:
        raise unreachable(db.engine, exc) from None
    finally:
        run.summary.seconds = time.perf_counter() - start
    return run.summary
