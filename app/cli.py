"""`county`: the command line. Commands are thin; the work is in `app.services`."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app import migrate
from app.config import get_settings
from app.db import create_engine, resolve_database_url, sessionmaker_for
from app.errors import ConfigurationError
from app.models.vocab import Decision, KeyScope

P = ParamSpec("P")
T = TypeVar("T")

cli = typer.Typer(
    help="county-indicators: figures out of Chinese county reports, served with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_cli = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")

console = Console(stderr=True, soft_wrap=True)  # one line per message, however long
out = Console(soft_wrap=True)


def fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(code=1)


def friendly(func: Callable[P, T]) -> Callable[P, T]:
    """Turn expected failures into one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        from app.errors import AppError
        from app.evaluation import CorpusError
        from app.extraction.loader import ReportError
        from app.services.ingest import CurationError

        try:
            return func(*args, **kwargs)
        except AppError as exc:
            raise fail(exc.detail) from None
        except (
            ConfigurationError,
            ReportError,
            CurationError,
            CorpusError,
            FileNotFoundError,
        ) as exc:
            raise fail(str(exc)) from None
        except (OperationalError, DBAPIError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise fail(f"cannot reach the database: {reason}") from None

    return wrapper


def database_url(create: bool = False) -> str:
    """The database to use; only commands that set one up may `create` an embedded one."""
    return resolve_database_url(get_settings(), create=create)


def run_with_session(work: Callable[[AsyncSession], Awaitable[T]], url: str | None = None) -> T:
    """Run `work` in one transaction: it commits when `work` returns, else rolls back."""

    async def main() -> T:
        settings = get_settings()
        engine = create_engine(url or database_url(), settings)
        try:
            async with sessionmaker_for(engine)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _check_reachable(url: str) -> None:
    async def ping() -> None:
        engine = create_engine(url, get_settings())
        try:
            async with engine.connect():
                pass
        finally:
            await engine.dispose()

    asyncio.run(ping())


# --- db ----------------------------------------------------------------------------------------


@db_cli.command("upgrade")
@friendly
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Migrate the schema up to REVISION (default: head)."""
    url = database_url(create=True)
    _check_reachable(url)
    migrate.upgrade(url, revision)
    console.print(f"schema at {revision}")


@db_cli.command("downgrade")
@friendly
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
) -> None:
    """Migrate the schema down to REVISION."""
    url = database_url()
    _check_reachable(url)
    migrate.downgrade(url, revision)
    console.print(f"schema at {revision}")


@db_cli.command("current")
@friendly
def db_current() -> None:
    """Print the schema's current revision and the head."""

    async def current(session: AsyncSession) -> str | None:
        connection = await session.connection()
        return await connection.run_sync(migrate.current_revision)

    revision = run_with_session(current)
    head = migrate.head_revision()
    out.print(f"current: {revision or 'none'}\nhead:    {head}")


# --- seed and serve ----------------------------------------------------------------------------


def _seed(url: str) -> None:
    from rich.progress import Progress

    from app.services.seed import seed

    async def work(session: AsyncSession) -> Any:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("seeding", total=None)
            return await seed(
                session, progress=lambda name: progress.update(task, description=name)
            )

    summary = run_with_session(work, url)
    console.print(
        f"indicators changed: {summary.indicators}, entities changed: {summary.entities}, "
        f"reports added: {len(summary.reports_added)}, already present: "
        f"{len(summary.reports_present)}, figures added: {summary.figures}"
    )
    if summary.unclassified:
        console.print(f"[yellow]unclassified figures ({len(summary.unclassified)}):[/yellow]")
        for slug, figure in summary.unclassified:
            console.print(
                f"  {slug} {figure.start}-{figure.end} {figure.surface!r}: {figure.quote[:60]}"
            )


@cli.command("seed")
@friendly
def seed_command() -> None:
    """Load the catalogue, the divisions and the reports in seed/ (idempotent)."""
    url = database_url(create=True)
    _check_reachable(url)
    _seed(url)


def _prestart(url: str) -> None:
    from app.datafiles import check_all

    check_all(get_settings().county_seed_dir)
    _check_reachable(url)
    found = migrate.upgrade(url)
    head = migrate.head_revision()
    if found == head:
        console.print(f"schema already at {head}")
    else:
        console.print(f"schema migrated from {found or 'an empty database'} to {head}")
    _seed(url)


@cli.command("prestart")
@friendly
def prestart_command() -> None:
    """Migrate and seed: what a host runs before serving. Safe on many hosts at once (they
    take turns under a PostgreSQL advisory lock); `serve` runs it unless told not to."""
    _prestart(database_url(create=True))


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@cli.command("serve")
@friendly
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    prestart: Annotated[
        bool, typer.Option(help="Migrate and seed first (`county prestart`).")
    ] = True,
) -> None:
    """Migrate and seed (`county prestart`), then serve the API with uvicorn."""
    import uvicorn

    settings = get_settings()
    host = host or settings.county_host
    port = port or settings.county_port
    if not _port_free(host, port):
        raise fail(f"port {port} on {host} is already in use; choose another with --port")
    from app.datafiles import check_all

    check_all(settings.county_seed_dir)  # a malformed data file: one line, before anything
    url = database_url(create=prestart)
    if prestart:
        _prestart(url)
    else:
        _check_reachable(url)
    os.environ["DATABASE_URL"] = url  # workers join the same server (embedded or not)
    get_settings.cache_clear()
    console.print(f"serving on http://{host}:{port} — docs at http://{host}:{port}/docs")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.county_log_level,
    )


# --- writes ------------------------------------------------------------------------------------

keys_cli = typer.Typer(help="API keys for writes.", no_args_is_help=True)
cli.add_typer(keys_cli, name="keys")


@keys_cli.command("create")
@friendly
def keys_create(
    name: Annotated[str, typer.Option(help="A name for the key's holder.")],
    scope: Annotated[
        KeyScope, typer.Option(help="write: add and review; admin: also delete.")
    ] = KeyScope.WRITE,
) -> None:
    """Create a key. It is printed once, alone on the last line; only its hash is stored."""
    from app.services import keys

    async def work(session: AsyncSession) -> str:
        _, secret = await keys.create(session, name, scope.value)
        return secret

    secret = run_with_session(work)
    console.print(f"created {scope.value} key {name!r}; store it now, it is not shown again:")
    sys.stdout.write(secret + "\n")


@keys_cli.command("list")
@friendly
def keys_list() -> None:
    """List keys (names, scopes, prefixes; never the keys)."""
    from app.services import keys

    table = Table("name", "scope", "prefix", "created", "last used", "revoked")
    for key in run_with_session(keys.listing):
        table.add_row(
            key.name,
            key.scope,
            key.prefix + "…",
            f"{key.created_at:%Y-%m-%d %H:%M}",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
        )
    out.print(table)


@keys_cli.command("revoke")
@friendly
def keys_revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key: it stops working at once."""
    from app.services import keys

    run_with_session(lambda session: keys.revoke(session, name))
    console.print(f"revoked {name!r}")


@cli.command("ingest")
@friendly
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Report files.")],
    allow_empty: Annotated[
        bool, typer.Option(help="Store a report even when no figure is found in it.")
    ] = False,
) -> None:
    """Parse and store reports, all in one transaction (a bad file stores nothing). Text may
    be UTF-8, GB18030/GBK or Big5."""
    from rich.progress import Progress, TaskID

    from app.errors import AppError
    from app.extraction.loader import ReportError, load_bytes
    from app.services.ingest import ingest

    async def work(session: AsyncSession) -> list[tuple[Path, Any]]:
        results = []
        with Progress(console=console, transient=True) as progress:
            for number, path in enumerate(paths, 1):
                task = progress.add_task(f"{number}/{len(paths)} {path}", total=None)

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    progress.update(task, completed=done, total=total)

                try:
                    document = load_bytes(path.read_bytes(), name=str(path))
                    result = await ingest(
                        session,
                        document,
                        origin={"file": str(path)},
                        allow_empty=allow_empty,
                        progress=advance,
                    )
                except AppError as exc:
                    raise fail(f"{path}: {exc.detail}") from None
                except ReportError as exc:  # names the file already
                    raise fail(str(exc)) from None
                results.append((path, result))
                progress.remove_task(task)
        return results

    for path, result in run_with_session(work):
        state = f"added, {result.figures} figures" if result.created else "already stored"
        out.print(f"{path}: {result.slug} ({state})")
        for figure in result.unclassified:
            console.print(f"  unclassified {figure.start}-{figure.end} {figure.surface!r}")


@cli.command("review")
@friendly
def review_command(
    observation_id: Annotated[int, typer.Argument(help="The figure's id.")],
    by: Annotated[str, typer.Option(help="Who reviews (recorded in the history).")],
    status: Annotated[Decision, typer.Option(help="reviewed or retracted.")] = Decision.REVIEWED,
    reason: Annotated[str | None, typer.Option(help="Why (required to retract).")] = None,
    indicator: Annotated[str | None, typer.Option(help="Correct the indicator code.")] = None,
    entity: Annotated[str | None, typer.Option(help="Correct the entity (slug or code).")] = None,
    kind: Annotated[
        str | None, typer.Option(help="actual, target, expected or cumulative.")
    ] = None,
    value: Annotated[float | None, typer.Option(help="Correct the value, in base units.")] = None,
) -> None:
    """Correct, review or retract a figure; the old values go to its history."""
    from pydantic import ValidationError

    from app.schemas.writes import ObservationPatch
    from app.services import reviews

    fields = {"indicator": indicator, "entity": entity, "kind": kind, "value": value}
    try:
        patch = ObservationPatch(
            status=status.value, reason=reason, **{k: v for k, v in fields.items() if v is not None}
        )
    except ValidationError as exc:
        raise fail("; ".join(e["msg"] for e in exc.errors())) from None
    run_with_session(lambda session: reviews.apply(session, observation_id, patch, by))
    console.print(f"observation {observation_id}: {status.value}")


# --- synthetic data ----------------------------------------------------------------------------


def _ensure_database(server_url: str, name: str) -> str:
    """The URL of database `name` on the same server, created (in UTF-8) if missing."""
    from sqlalchemy.engine import make_url

    from app.db import create_utf8_database

    asyncio.run(create_utf8_database(server_url, name))
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@cli.command("synth")
@friendly
def synth_command(
    entities: Annotated[int, typer.Option(min=1, max=3200, help="Counties to fill.")] = 100,
    years: Annotated[int, typer.Option(min=1, max=200, help="Years per series.")] = 10,
    indicators: Annotated[int, typer.Option(min=1, max=60, help="Indicators per county.")] = 10,
    skip: Annotated[int, typer.Option(min=0, help="Leave out the first N counties.")] = 0,
    database: Annotated[
        str, typer.Option(help="Database to fill, on the configured server (never the main one).")
    ] = "county_synth",
) -> None:
    """Fill a separate database with synthetic figures (COPY; every row marked synthetic)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    from sqlalchemy.engine import make_url

    from app.services.seed import seed_reference
    from app.services.synth import synthesize

    server = database_url()
    if make_url(server).database == database:
        raise fail("choose a database other than the service's own with --database")
    url = _ensure_database(server, database)
    migrate.upgrade(url)
    total = entities * years * indicators

    async def work() -> int:
        engine = create_engine(url, get_settings())
        try:
            async with engine.begin() as connection:
                await seed_reference(AsyncSession(bind=connection))
            async with engine.begin() as connection:
                columns = (
                    TextColumn("synthetic rows"),
                    BarColumn(),
                    TextColumn("{task.completed:,}"),
                )
                with Progress(*columns, TimeRemainingColumn(), console=console) as progress:
                    task = progress.add_task("rows", total=total)
                    return await synthesize(
                        connection,
                        entities=entities,
                        years=years,
                        indicators=indicators,
                        skip=skip,
                        progress=lambda done: progress.update(task, completed=done),
                    )
        finally:
            await engine.dispose()

    try:
        written = asyncio.run(work())
    except ValueError as exc:
        raise fail(str(exc)) from None
    console.print(f"{written:,} synthetic figures written to {database}")
    out.print(url)


# --- extract -----------------------------------------------------------------------------------


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


@cli.command("extract")
@friendly
def extract_command(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A report file.")],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
) -> None:
    """Parse one report and print its figures (no database needed)."""
    from app.extraction.figures import extract
    from app.extraction.loader import load_bytes
    from app.services import reference

    document = load_bytes(path.read_bytes(), name=str(path))
    result = extract(document, reference.catalogue(), reference.gazetteer())
    if output is OutputFormat.json:
        payload = {
            "source": {
                "title": document.title,
                "publisher": document.publisher,
                "url": document.url,
                "published": document.published.isoformat() if document.published else None,
                "sha256": document.sha256,
                "text": document.text,
            },
            "figures": [
                {
                    "value": float(f.value)
                    if f.value != f.value.to_integral_value()
                    else int(f.value),
                    "unit": f.unit,
                    "surface": f.surface,
                    "start": f.start,
                    "end": f.end,
                    "quote": f.quote,
                    "qualifier": None if f.qualifier == "exact" else f.qualifier,
                    "qualifier_text": f.qualifier_text,
                    "indicator": f.indicator,
                    "entity": f.entity.slug,
                    "period": f.period.label,
                    "period_start": f.period.start.isoformat() if f.period.start else None,
                    "period_end": f.period.end.isoformat() if f.period.end else None,
                    "kind": f.kind,
                    "counter": f.counter,
                }
                for f in result.figures
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title=document.title, show_lines=False)
        for column in (
            "span",
            "surface",
            "value",
            "unit",
            "qualifier",
            "indicator",
            "entity",
            "period",
            "kind",
        ):
            table.add_column(column)
        for f in result.figures:
            table.add_row(
                f"{f.start}-{f.end}",
                f.surface,
                f"{f.value:,}",
                f.unit,
                f.qualifier_text or "",
                f.indicator,
                f.entity.name_zh or f.entity.slug,
                f.period.label or "",
                f.kind,
            )
        out.print(table)
    if result.unclassified:
        console.print(f"unclassified: {', '.join(f.surface for f in result.unclassified)}")


@cli.command("eval")
@friendly
def eval_command(
    corpus: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="A directory of annotated reports.")
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
    misses: Annotated[
        bool, typer.Option("--misses", help="Also list every figure that is missed or wrong.")
    ] = False,
) -> None:
    """Score the parser on an annotated corpus: figures found, and their meaning right."""
    from app.evaluation import ASPECTS, evaluate, load_corpus
    from app.extraction.figures import indicator_name
    from app.services import reference

    catalogue = reference.catalogue()
    scores, total = evaluate(load_corpus(corpus), catalogue, reference.gazetteer())
    if output is OutputFormat.json:
        rows = [s.as_dict() for s in [*scores, total]]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"county eval {corpus}", show_lines=False)
    columns = ("report", "annotated", "found", "recall", "precision", *ASPECTS, "all four")
    for column in (*columns, "meaning"):
        table.add_column(column, justify="left" if column == "report" else "right")
    for score in [*scores, total]:
        d = score.as_dict()
        table.add_row(
            d["report"],
            str(d["annotated"]),
            str(d["found"]),
            *(f"{d[k]:.2f}" for k in ("recall", "precision", *ASPECTS, "all_four", "meaning")),
            end_section=score is scores[-1],
        )
    out.print(table)
    if misses:
        for score in scores:
            for miss in score.mismatches:
                g, f = miss.gold, miss.figure
                got = (
                    f"{f.surface} {f.value} {f.unit} {indicator_name(f, catalogue)} | "
                    f"{f.entity.name_zh} | {f.period.label}:{f.period.start}..{f.period.end}"
                    if f
                    else "-"
                )
                out.print(
                    f"{score.name} {','.join(miss.wrong)}: {g.text} {g.value} {g.unit} "
                    f"{g.indicator} | {g.place} | {g.period}  <=  {got}",
                    highlight=False,
                    markup=False,
                )
            for f in score.extra:
                out.print(
                    f"{score.name} extra: {f.surface} {indicator_name(f, catalogue)} "
                    f"«{f.quote[:40]}»",
                    highlight=False,
                    markup=False,
                )


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    """SIGTERM (docker stop, systemd) ends the process like Ctrl-C does, running its exit
    handlers: the embedded PostgreSQL stops with its last holder instead of outliving it."""
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cli()
