"""Command line for the database: ``jixiao db``, ``jixiao user``, ``jixiao ingest``, ``jixiao serve``.

Every command takes ``--db URL`` (else ``JIXIAO_DATABASE_URL``, else ``sqlite:///jixiao.db``)
and migrates the database to the newest schema first, so a new SQLite file needs no
step of its own. Passwords are read without echo, or from standard input with
``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .cli import _console, app
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
    db: DbOption = None,
) -> None:
    """启动 Web 服务（REST API，文档见 /docs）/ serve the API (OpenAPI at /docs)."""
    import uvicorn

    from .server.app import create_app

    database = open_db(db)
    _console().print(f"jixiao 服务 / serving on http://{host}:{port}/ （API 文档 /docs；数据库 {shown_url(database.url)}）")
    uvicorn.run(create_app(database), host=host, port=port, log_level="warning")
