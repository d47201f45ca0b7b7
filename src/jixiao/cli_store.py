"""Command line for the database: ``jixiao db``, ``jixiao user``, ``jixiao ingest``, ``jixiao serve``.

Every command takes ``--db URL`` (else ``JIXIAO_DATABASE_URL``, else ``sqlite:///jixiao.db``)
and migrates the database to the newest schema first, so a new SQLite file needs no
step of its own. Passwords are read without echo, or from standard input with
``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .cli import DEFAULT_MAX_SIZE, _console, app
from .store.db import Database, DatabaseError, current_revision, head_revision, shown_url

DbOption = Annotated[Optional[str], typer.Option("--db", help="数据库地址（默认 JIXIAO_DATABASE_URL 或 sqlite:///jixiao.db）/ database URL", show_default=False)]


def open_db(url: str | None, *, migrate: bool = True) -> Database:
    """The database, migrated; a clear message and exit code 2 when it cannot be used."""
    try:
        return Database(url, migrate=migrate)
    except DatabaseError as exc:
        _console(stderr=True).print(Text(f"✗ {exc}", style="red"))
        raise typer.Exit(2) from None


db_app = typer.Typer(help="数据库：迁移与状态 / database: migrate and inspect", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade_cmd(db: DbOption = None) -> None:
    """把数据库迁移到最新结构 / migrate the database to the newest schema."""
    database = open_db(db)
    _console().print(f"✓ 数据库 {shown_url(database.url)} 已是最新结构（版本 {head_revision()}）/ up to date")


@db_app.command("current")
def db_current_cmd(db: DbOption = None) -> None:
    """显示数据库当前的结构版本 / show the schema revision of the database."""
    database = open_db(db, migrate=False)
    try:
        rev = current_revision(database.engine)
    except DatabaseError as exc:
        _console(stderr=True).print(Text(f"✗ {exc}", style="red"))
        raise typer.Exit(2) from None
    head = head_revision()
    state = "最新 / up to date" if rev == head else f"需要迁移到 {head}：运行 jixiao db upgrade / needs upgrade"
    _console().print(f"{shown_url(database.url)}：版本 {rev or '（空库 / empty）'}，{state}")


user_app = typer.Typer(help="用户与角色 / users and roles", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(user_app, name="user")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add_cmd(
    username: Annotated[str, typer.Argument(help="用户名 / user name", show_default=False)],
    role: Annotated[str, typer.Option("--role", help="角色：admin 管理员 / reviewer 审核人 / filler 填报人", show_default=False)],
    unit: Annotated[Optional[str], typer.Option("--unit", help="填报人所属单位（表中的实施单位）/ the filler's unit")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="显示名称 / display name")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码 / read the password from stdin")] = False,
    db: DbOption = None,
) -> None:
    """添加用户 / add a user."""
    from .store.users import UserError, add_user, public

    database = open_db(db)
    password = _read_password(password_stdin)
    try:
        with database.session() as s:
            user = add_user(s, username, password, role, unit=unit, display_name=name)
            info = public(user)
    except UserError as exc:
        _console(stderr=True).print(Text(f"✗ {exc}", style="red"))
        raise typer.Exit(1) from None
    unit_text = f"，单位 {info['unit']}" if info["unit"] else ""
    _console().print(f"✓ 已添加用户 {info['username']}（{info['role_zh']} {info['role']}{unit_text}）/ user added")


@user_app.command("list")
def user_list_cmd(db: DbOption = None) -> None:
    """列出用户 / list users."""
    from .store.users import list_users, public

    database = open_db(db)
    with database.session() as s:
        users = [public(u) for u in list_users(s)]
    table = Table(header_style="bold")
    for col in ("用户名 user", "角色 role", "单位 unit", "显示名称 name", "状态 state"):
        table.add_column(col)
    for u in users:
        table.add_row(u["username"], f"{u['role_zh']} {u['role']}", u["unit"] or "—", u["display_name"] or "—",
                      "启用 active" if u["active"] else "停用 disabled")
    _console().print(table if users else "（还没有用户；用 jixiao user add NAME --role admin 添加）/ no users yet")


@user_app.command("passwd")
def user_passwd_cmd(
    username: Annotated[str, typer.Argument(help="用户名 / user name", show_default=False)],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码 / read the password from stdin")] = False,
    db: DbOption = None,
) -> None:
    """修改用户密码 / change a user's password."""
    from .store.users import UserError, set_password

    database = open_db(db)
    password = _read_password(password_stdin)
    try:
        with database.session() as s:
            set_password(s, username, password)
    except UserError as exc:
        _console(stderr=True).print(Text(f"✗ {exc}", style="red"))
        raise typer.Exit(1) from None
    _console().print(f"✓ 已修改 {username} 的密码 / password changed")


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="工作进程数（多人使用时设为 CPU 核数）/ worker processes")] = 1,
    db: DbOption = None,
) -> None:
    """启动 Web 服务（REST API，文档见 /docs）/ serve the API (OpenAPI at /docs)."""
    import uvicorn

    database = open_db(db)
    _console().print(f"jixiao 服务 / serving on http://{host}:{port}/ （API 文档 /docs；数据库 {shown_url(database.url)}；"
                     f"{workers} 个工作进程 / workers）")
    if workers == 1:
        from .server.app import create_app, served

        uvicorn.run(served(create_app(database)), host=host, port=port, log_level="warning")
        return
    database.dispose()
    os.environ["JIXIAO_DATABASE_URL"] = database.url  # each worker process opens it again
    uvicorn.run("jixiao.server.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


DEMO_PASSWORD = "jixiao-demo"
#: the demo accounts: user name -> (role, display name); the 填报人's unit is the unit with the most forms
DEMO_USERS = {"admin": ("admin", "演示管理员"), "reviewer": ("reviewer", "演示审核人"), "filler": ("filler", "演示填报人")}


def _demo_users(database: Database) -> list[tuple[str, str, str | None, bool]]:
    """Create the demo accounts that do not exist yet; ``[(name, role, unit, created)]``."""
    from sqlalchemy import func, select

    from .store.tables import StoredForm
    from .store.users import add_user, get_user

    out = []
    with database.session() as s:
        unit = s.execute(select(StoredForm.owner_unit).where(StoredForm.owner_unit.is_not(None))
                         .group_by(StoredForm.owner_unit).order_by(func.count().desc(), StoredForm.owner_unit)
                         .limit(1)).scalar()
        for name, (role, display) in DEMO_USERS.items():
            user = get_user(s, name)
            created = user is None
            if created:
                if role == "filler" and unit is None:
                    continue
                user = add_user(s, name, DEMO_PASSWORD, role, unit=unit if role == "filler" else None, display_name=display)
            out.append((user.username, user.role, user.unit, created))
    return out


@app.command("demo")
def demo_cmd(
    paths: Annotated[Optional[list[str]], typer.Argument(help="要入库的文件或目录（默认 examples/）/ files or folders (default examples/)", show_default=False)] = None,
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8000,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="入库后启动工作台 / start the workbench afterwards")] = True,
    db: DbOption = None,
) -> None:
    """演示：把示例文件入库、建立演示账号并启动网页工作台 / demo: ingest the examples, add demo accounts, serve the workbench.

    Ingesting is idempotent (a file already stored adds nothing) and the demo accounts
    are created only when missing (an existing account keeps its password), so running
    it again just starts the workbench. The accounts share the password ``jixiao-demo``:
    remove them (or change their passwords) before real use.
    """
    from .store.ingest import IngestError, ingest

    stdout, stderr = _console(), _console(stderr=True)
    database = open_db(db)
    try:
        summary = ingest(database, paths or ["examples"], jobs=1)
    except (DatabaseError, IngestError) as exc:
        stderr.print(Text(f"✗ {exc}", style="red"))
        raise typer.Exit(2) from None
    stdout.print(f"✓ 入库 / ingested：{summary.files} 个文件，新入库 {summary.stored} 个（{summary.forms} 张表），"
                 f"已在库中 {summary.already} 个，失败 {summary.failed} 个（数据库 {shown_url(database.url)}）")
    accounts = _demo_users(database)
    table = Table(title="演示账号 / demo accounts（密码 password: jixiao-demo）", header_style="bold")
    for col in ("用户名 user", "角色 role", "单位 unit", ""):
        table.add_column(col)
    from .store.tables import ROLE_ZH

    for name, role, unit, created in accounts:
        table.add_row(name, f"{ROLE_ZH[role]} {role}", unit or "—", "新建 created" if created else "已存在 existing（密码未改 password unchanged）")
    stdout.print(table)
    stdout.print(Text("演示账号的密码是公开的，正式使用前请删除或用 jixiao user passwd 修改 / "
                      "the demo passwords are public: change them before real use", style="yellow"))
    if not serve:
        database.dispose()
        return
    import uvicorn

    from .server.app import create_app, served

    stdout.print(Text(f"工作台已启动 / the workbench is running：http://{host}:{port}/ （用 admin / jixiao-demo 登录；Ctrl+C 停止）",
                      style="bold green"))
    from .store.users import authenticate

    with database.session() as s:  # only accounts whose password is still the public one are shown
        open_accounts = [(name, role) for name, role, _u, _c in accounts if authenticate(s, name, DEMO_PASSWORD)]
    hint = ("演示账号（密码都是 jixiao-demo）：" + "、".join(f"{name}（{ROLE_ZH[role]}）" for name, role in open_accounts)
            + "。正式使用前请删除演示账号或修改密码。") if open_accounts else None
    uvicorn.run(served(create_app(database, login_hint=hint)), host=host, port=port, log_level="warning")


class _IngestDisplay:
    """Progress of ``jixiao ingest`` on stderr: a rich bar on a terminal, a line every few seconds otherwise."""

    EVERY_S = 5.0

    def __init__(self, stderr) -> None:
        self.stderr = stderr
        self.progress = None
        self.task = None
        self.done = self.forms = self.failed = 0
        self.total = 0
        self.start = self.last = 0.0

    def __enter__(self) -> "_IngestDisplay":
        import time

        self.start = self.last = time.monotonic()
        if self.stderr.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("[bold]入库 / ingest"), BarColumn(), MofNCompleteColumn(),
                TextColumn("文件 files · 表 {task.fields[forms]} forms · [red]失败 {task.fields[failed]} failed[/]"),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=self.stderr,
            )
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def _rate(self) -> str:
        import time

        elapsed = time.monotonic() - self.start
        return f"{self.forms / elapsed:.1f} 表/秒 forms/s" if elapsed > 0 else ""

    def __call__(self, event) -> None:
        import time

        console = self.progress.console if self.progress is not None else self.stderr
        if event.kind == "missing":
            console.print(Text(f"✗ {event.path}：文件或目录不存在 / no such file or folder", style="red"))
            return
        if event.kind == "start":
            self.total = event.total
            if self.progress is not None:
                self.task = self.progress.add_task("ingest", total=event.total, forms=0, failed=0, rate="")
            return
        self.done += 1
        self.forms += event.forms
        if event.kind == "failed":
            self.failed += 1
            console.print(Text(f"✗ [{event.code}] {event.message}", style="red"))
        if self.progress is not None:
            self.progress.update(self.task, completed=self.done, forms=self.forms, failed=self.failed, rate=self._rate())
        else:
            now = time.monotonic()
            if now - self.last >= self.EVERY_S:
                self.last = now
                console.print(f"… {self.done}/{self.total} 个文件，{self.forms} 张表，{self.failed} 个失败，{self._rate()} / "
                              "files, forms, failed")


def _print_ingest_summary(console, summary) -> None:
    table = Table(title="入库结果 / ingest summary", header_style="bold", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    rows = [
        ("文件 files", summary.files),
        ("新入库 stored", summary.stored),
        ("新入库的表 forms stored", summary.forms),
        ("已在库中 already stored", summary.already),
        ("失败 failed", summary.failed),
        ("跳过（隐藏或不支持的格式）skipped", summary.skipped),
    ]
    if summary.missing:
        rows.append(("不存在的路径 missing paths", len(summary.missing)))
    for label, n in rows:
        style = "red" if n and label.startswith(("失败", "不存在")) else ""
        table.add_row(label, Text(str(n), style=style))
    table.add_row("用时 time", f"{summary.seconds:.1f} 秒 s")
    table.add_row("速度 rate", f"{summary.forms_per_second:.1f} 表/秒 forms/s")
    console.print(table)


def _print_failures(console, database) -> None:
    from sqlalchemy import select

    from .store.tables import IngestFailure

    with database.session() as s:
        rows = s.scalars(select(IngestFailure).order_by(IngestFailure.path, IngestFailure.id)).all()
    if not rows:
        console.print("（没有记录的入库失败）/ no ingest failures recorded")
        return
    table = Table(title=f"入库失败 / ingest failures（{len(rows)}）", header_style="bold", show_lines=True)
    table.add_column("文件 path", no_wrap=True)
    table.add_column("代码 code", no_wrap=True)
    table.add_column("原因 reason")
    table.add_column("次数 attempts", justify="right", no_wrap=True)
    table.add_column("时间 time (UTC)", no_wrap=True)
    for r in rows:
        reason = r.message.removeprefix(f"{r.path}：")  # the path is in its own column
        table.add_row(r.path, r.code, reason, str(r.attempts), r.at.strftime("%Y-%m-%d %H:%M:%S"))
    console.print(table)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[Optional[list[str]], typer.Argument(help="要入库的文件或目录（递归）/ files or folders to ingest (recursively)", show_default=False)] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="并行工作进程数（默认 CPU 核数）/ worker processes (default: CPU count)", show_default=False)] = None,
    profile: Annotated[Optional[str], typer.Option("--profile", help="审核配置：内置名称或 YAML 文件 / review profile name or YAML file")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="单个文件大小上限（字节）/ size limit per file (bytes)")] = DEFAULT_MAX_SIZE,
    failed: Annotated[bool, typer.Option("--failed", help="列出记录的入库失败 / list the recorded failures")] = False,
    db: DbOption = None,
) -> None:
    """批量读取、审核并入库（可中断后重跑续完）/ read, review and store files in bulk (safe to kill and rerun)."""
    from .cli import _load_profile_or_exit
    from .store.ingest import IngestError, ingest

    stdout, stderr = _console(), _console(stderr=True)
    if failed:
        if paths:
            stderr.print(Text("✗ --failed 只列出失败记录，不能同时给出路径 / --failed takes no paths", style="red"))
            raise typer.Exit(2)
        _print_failures(stdout, open_db(db))
        return
    if not paths:
        stderr.print(Text("✗ 请给出要入库的文件或目录，例如 jixiao ingest examples/ / give files or folders to ingest", style="red"))
        raise typer.Exit(2)
    _load_profile_or_exit(profile, stderr)
    database = open_db(db)
    try:
        with _IngestDisplay(stderr) as display:
            summary = ingest(database, paths, jobs=jobs, profile=profile, max_size=max_size, listener=display)
    except (DatabaseError, IngestError) as exc:
        stderr.print(Text(f"✗ {exc}（已入库的文件已保存，修复后重新运行同一命令即可继续 / what was stored is kept; rerun to finish）", style="red"))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        stderr.print(Text("已中断：已入库的文件已保存，重新运行同一命令即可继续 / interrupted: what was stored is kept; run the same command again to finish", style="yellow"))
        raise typer.Exit(130) from None
    finally:
        database.dispose()
    _print_ingest_summary(stdout, summary)
    if summary.failed:
        stderr.print(Text(f"{summary.failed} 个文件失败，原因已记录；用 jixiao ingest --failed 查看 / "
                          f"{summary.failed} files failed; see jixiao ingest --failed", style="red"))
    if not summary.ok:
        raise typer.Exit(1)
