"""The database: one async engine per process, one session (and transaction) per unit of work.

SQLite files run in WAL mode with a busy timeout so that the server, its workers and CLI commands
can share one file. Every SQLite transaction starts with ``BEGIN IMMEDIATE`` (the driver's own
habit of beginning only before the first write would let a transaction read a row, lose the race
to another writer and overwrite its change): transactions on one file run one after the other,
and what a transaction read stays true until it commits; within one process they wait for their
turn in the event loop (``db.writer``), and each statement is one call to aiosqlite's thread
(``db.sqlite_driver``). PostgreSQL is used as given by URL;
code that reads a row to change it locks it (``FOR UPDATE``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.generations import Generations, generations_query
from op_platform.db.migrate import MIGRATION_LOCK, upgrade_connection
from op_platform.db.sqlite_driver import dbapi as sqlite_dbapi
from op_platform.db.writer import WriterTurns


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun explicitly, see _begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


WRITE_PROBE = "UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"
# PostgreSQL SQLSTATEs that mean "not now" rather than "wrong": a read-only transaction, and the
# classes of connection exceptions (08), insufficient resources such as a full disk (53) and
# operator intervention such as a shutdown (57).
UNAVAILABLE_STATE = "25006"
UNAVAILABLE_CLASSES = {"08", "53", "57"}


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot take work now (unreachable, read-only, out
    of space, locked past the busy timeout, pool exhausted), as opposed to a bug or a
    constraint: callers answer 503 and ask to retry."""
    if isinstance(error, sa_exc.TimeoutError):
        return True
    if not isinstance(error, sa_exc.DBAPIError) or isinstance(error, sa_exc.IntegrityError):
        return False
    if error.connection_invalidated:
        return True
    state = getattr(error.orig, "sqlstate", None)
    if isinstance(state, str) and state:
        return state == UNAVAILABLE_STATE or state[:2] in UNAVAILABLE_CLASSES
    return isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError))


class Database:
    def __init__(self, url: str, *, echo: bool = False, watched: Iterable[str] = ()) -> None:
        """``watched``: tables whose changes every transaction records (``generations``)."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.turns = WriterTurns() if self.is_sqlite else None
        kwargs: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        elif url.startswith("sqlite+aiosqlite") and (module := sqlite_dbapi()) is not None:
            kwargs["module"] = module  # one hand-over to aiosqlite's thread per statement
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        # A session class of its own, so that the listeners of this database watch only it.
        session_class = type("WatchedSession", (Session,), {})
        self.generations = Generations(watched)
        self.generations.install(session_class)
        self._sessions = async_sessionmaker(
            self.engine,
            class_=AsyncSession,
            expire_on_commit=False,
            sync_session_class=session_class,
        )

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold this process's SQLite writer turn for the block (nothing on PostgreSQL)."""
        if self.turns is None:
            yield
            return
        held = await self.turns.take()
        try:
            yield
        finally:
            self.turns.give_back(held)

    async def poll_generations(self) -> frozenset[str]:
        """Read the watched tables' generations; tell the listeners of those that moved."""
        async with self.turn(), self.engine.connect() as connection:
            rows = (await connection.execute(generations_query())).all()
        moved = self.generations.read_changes((str(name), int(gen)) for name, gen in rows)
        if moved:
            self.generations.changed(moved)
        return moved

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed when the block ends, rolled back on error."""
        async with self.turn(), self._sessions() as session, session.begin():
            yield session

    async def one_replica_at_a_time(self, session: AsyncSession) -> None:
        """Make the rest of ``session``'s transaction run in one replica at a time (PostgreSQL:
        the migrations' advisory lock, held until the transaction ends; SQLite: its transactions
        already do). For what every replica does at start, such as writing the configured zones
        and clients: replicas started together would insert the same rows at once."""
        if not self.is_sqlite:
            await session.exec(
                text("SELECT pg_advisory_xact_lock(:key)"), params={"key": MIGRATION_LOCK}
            )  # type: ignore[call-overload]

    def unit(self) -> UnitOfWork:
        """A unit of work whose session (and transaction) opens on first use."""
        return UnitOfWork(self)

    async def upgrade(self) -> None:
        """Bring the schema to the newest migration."""
        async with self.turn(), self.engine.begin() as connection:
            await connection.run_sync(upgrade_connection)

    async def ping(self) -> None:
        async with self.turn(), self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def check_writable(self) -> None:
        """Raise unless a write could commit now: a statement that would change a row runs in
        a transaction (``BEGIN IMMEDIATE`` on SQLite takes the write lock) and is rolled back.
        A read-only database (standby, ``default_transaction_read_only``, a read-only file)
        refuses it even when no row matches."""
        async with self.turn(), self.engine.connect() as connection:
            transaction = await connection.begin()
            try:
                await connection.execute(text(WRITE_PROBE))
            finally:
                await transaction.rollback()

    async def close(self) -> None:
        await self.engine.dispose()


class UnitOfWork:
    """One transaction for one request or job, opened when first asked for and committed once.

    ``session()`` begins it on first use; ``commit()`` or ``rollback()`` ends it (each a no-op
    when it never began). Repositories never commit: the owner of the unit does, once.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._session: AsyncSession | None = None
        self._turn: Any = None  # the writer turn it holds from begin to end (SQLite)
        self._after: list[Callable[[], None]] = []

    @property
    def begun(self) -> bool:
        return self._session is not None

    @property
    def pending(self) -> bool:
        """Something for ``commit`` to do: a transaction begun or callbacks to call."""
        return self._session is not None or bool(self._after)

    async def session(self) -> AsyncSession:
        if self._session is None:
            turns = self.database.turns
            held = await turns.take() if turns is not None else None
            session = self.database._sessions()
            try:
                await session.begin()
            except BaseException:
                await session.close()
                WriterTurns.give_back(held)
                raise
            self._session, self._turn = session, held
        return self._session

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the unit committed (for example: wake a worker that will
        read what it wrote); never when it rolled back."""
        self._after.append(callback)

    async def commit(self) -> None:
        await self._end(commit=True)
        callbacks, self._after = self._after, []
        for callback in callbacks:
            callback()

    async def rollback(self) -> None:
        self._after.clear()
        await self._end(commit=False)

    async def _end(self, *, commit: bool) -> None:
        """Commit or roll back the transaction, if it began, and close its session."""
        session, self._session = self._session, None
        held, self._turn = self._turn, None
        if session is None:
            return
        try:
            await (session.commit() if commit else session.rollback())
        finally:
            try:
                await session.close()
            finally:
                WriterTurns.give_back(held)
