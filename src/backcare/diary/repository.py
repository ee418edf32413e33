"""The diary itself: every write checked first, then made in one transaction.

A write either lands whole — the entry together with the alert it raised — or not at all, and
it is on disk before the method returns. It reads once (``_for_writing``) and then writes in one
transaction. The methods return plain records, so the web app and
the clinician report can use the same object as the command line.

A diary is one person's, even in a database many people share (a clinic's, a hosted
service's): every query below is scoped by ``person``, through the episode for entries, so
no read, write, export or ``forget`` can reach someone else's rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import DateTime, Engine, Select, delete, func, select, type_coerce
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import aliased

from backcare.collector import cyclic_gc_paused
from backcare.diary import entries, transfer
from backcare.diary.alerts import (
    Notice,
    PersonContext,
    progress_alert,
    read_check_in,
    session_corrections,
)
from backcare.diary.database import (
    WRITE,
    create_diary_engine,
    current_revision,
    migrate,
    resolve_url,
)
from backcare.diary.entries import EntryError
from backcare.diary.guidance import DiaryGuidance, TherapyKind, load_guidance
from backcare.diary.import_checks import ImportRules
from backcare.diary.models import (
    DEFAULT_PERSON,
    AlertRow,
    AssessmentRow,
    CheckInRow,
    EpisodeEntry,
    EpisodeRow,
    ExerciseRow,
    ProfileRow,
    SessionRow,
    WaterRow,
)
from backcare.diary.progress import DailyDone, PainPoint, Progress, adherence, pain_trend
from backcare.diary.records import (
    Alert,
    AlertKind,
    AssessmentRecord,
    CheckIn,
    Episode,
    Exercise,
    Profile,
    Session,
    Water,
    Written,
)
from backcare.json_input import check_tree
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId
from backcare.plan import phase_for

if TYPE_CHECKING:
    from backcare.assessment import Assessment

SEXES = ("female", "male", "other")
Row = TypeVar("Row", bound=EpisodeEntry)


class NoEpisodeError(EntryError):
    """There is no episode to write to: the diary starts with an assessment."""

    def __init__(self, message: str = "no episode yet: start one with "
                 "`backcare assess --text \"...\" --save`") -> None:
        super().__init__("episode", message, "no_episode")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _plain_json(value: Any) -> Any:
    """The value as JSON gives it back (tuples become lists), so what is read equals what was
    written, on SQLite and PostgreSQL alike."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def _alert(row: AlertRow) -> Alert:
    return Alert(row.id, row.episode_id, row.raised_at, cast(AlertKind, row.kind),
                 cast(LevelId | None, row.level), row.message, tuple(row.sources), row.detail,
                 row.knowledge_base, row.check_in_id, row.session_id)


def _check_in(row: CheckInRow) -> CheckIn:
    return CheckIn(row.id, row.episode_id, row.day, row.recorded_at, row.pain, row.spasms,
                   row.movement, row.notes, row.findings)


def _session(row: SessionRow) -> Session:
    return Session(row.id, row.episode_id, cast(TherapyKind, row.kind), row.day, row.started_at,
                   row.ended_at, row.place, row.interrupted)


def _exercise(row: ExerciseRow) -> Exercise:
    return Exercise(row.id, row.episode_id, row.day, row.recorded_at, row.item)


def _water(row: WaterRow) -> Water:
    return Water(row.id, row.episode_id, row.day, row.recorded_at, row.ml)


def _assessment(row: AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(row.id, row.episode_id, row.recorded_at, row.knowledge_base,
                            cast(LevelId, row.level), row.intake, row.result)


def _person(person: str) -> str:
    """The person key as stored, refused when blank or longer than its column."""
    key = person.strip()
    if not key or len(key) > 64:
        raise EntryError("person", f"must be 1 to 64 characters, got {person!r}")
    return key


class Diary:
    """One person's recovery diary, alone in its database or sharing it with others."""

    def __init__(self, engine: Engine, guidance: DiaryGuidance,
                 now: Callable[[], datetime] = _utc_now, person: str = DEFAULT_PERSON) -> None:
        self.engine = engine
        self.guidance = guidance
        self.person = _person(person)
        self._writer = engine.execution_options(**WRITE)
        self._now = now
        # Built once: putting a statement together costs more than SQLite takes to run it.
        kept = aliased(AssessmentRow)
        opening = (select(func.min(kept.id)).where(kept.episode_id == EpisodeRow.id)
                   .correlate(EpisodeRow).scalar_subquery())
        self._latest_for_writing = (
            select(EpisodeRow, AssessmentRow, ProfileRow).select_from(EpisodeRow)
            .join(AssessmentRow, AssessmentRow.id == opening)
            .outerjoin(ProfileRow, ProfileRow.person == EpisodeRow.person)
            .where(EpisodeRow.person == self.person)
            .order_by(EpisodeRow.id.desc()).limit(1))

    @property
    def kb(self) -> KnowledgeBase:
        return self.guidance.kb

    @property
    def location(self) -> str:
        """Where the diary is, fit to show (a password in a URL is hidden)."""
        return self.engine.url.render_as_string(hide_password=True)

    def now(self) -> datetime:
        """The current moment (UTC); injectable, so tests can live through an episode."""
        return self._now()

    def today(self) -> date:
        """The person's calendar day now, in the machine's local time."""
        return self._now().astimezone().date()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- reading -----------------------------------------------------------------------------

    def _read(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    def _write(self) -> DbSession:
        return DbSession(self._writer, expire_on_commit=False)

    def _rows(self, model: type[Row], episode_id: int, *order: Any) -> list[Row]:
        """An episode's entries of one kind, oldest first, as plain read-only result rows.

        The rows carry the model's column names, so the record builders read them like ORM
        objects; building ORM objects (identity map, change tracking) for a nothing-to-change
        read cost three quarters of ``progress()`` on a long diary.
        """
        with self._read() as db:
            query = (
                select(*model.__table__.columns)
                .join(EpisodeRow, EpisodeRow.id == model.episode_id)
                .where(model.episode_id == episode_id, EpisodeRow.person == self.person)
                .order_by(*order, model.id)
            )
            return cast(list[Row], list(db.execute(query)))

    def profile(self) -> Profile | None:
        with self._read() as db:
            row = db.get(ProfileRow, self.person)
            if row is None:
                return None
            return Profile(row.age, row.sex, row.region, tuple(row.conditions), row.updated_at)

    def _episodes(self, only: int | None) -> tuple[Episode, ...]:
        with self._read() as db:
            episodes = select(EpisodeRow).where(EpisodeRow.person == self.person)
            assessments = select(AssessmentRow).join(
                EpisodeRow, EpisodeRow.id == AssessmentRow.episode_id,
            ).where(EpisodeRow.person == self.person)
            if only is not None:
                episodes = episodes.where(EpisodeRow.id == only)
                assessments = assessments.where(AssessmentRow.episode_id == only)
            rows = db.scalars(episodes.order_by(EpisodeRow.id)).all()
            kept = db.scalars(assessments.order_by(AssessmentRow.id)).all()
        by_episode: dict[int, list[AssessmentRecord]] = {}
        for assessment in kept:
            by_episode.setdefault(assessment.episode_id, []).append(_assessment(assessment))
        return tuple(Episode(row.id, row.started_on, row.opened_at,
                             tuple(by_episode.get(row.id, ()))) for row in rows)

    def episodes(self) -> tuple[Episode, ...]:
        """Every episode, oldest first, each with its assessments."""
        return self._episodes(None)

    def episode(self, episode_id: int | None = None) -> Episode:
        """The episode with that ID, or the latest one; :class:`NoEpisodeError` if none."""
        if episode_id is None:
            with self._read() as db:
                episode_id = db.scalar(select(func.max(EpisodeRow.id))
                                       .where(EpisodeRow.person == self.person))
            if episode_id is None:
                raise NoEpisodeError()
        found = self._episodes(episode_id)
        if not found:
            raise NoEpisodeError(f"no episode {episode_id}")
        return found[0]

    def _for_writing(self) -> tuple[Episode, Profile | None]:
        """What a write needs — the latest episode with its opening assessment, and the
        profile — in one query. Reading them as ``episode()`` and ``profile()`` do took four
        read transactions before every write, most of a check-in's cost."""
        with self._read() as db:
            found = db.execute(self._latest_for_writing).first()
        if found is None:
            raise NoEpisodeError()
        episode, assessment, profile = found
        return (Episode(episode.id, episode.started_on, episode.opened_at,
                        (_assessment(assessment),)),
                None if profile is None else Profile(profile.age, profile.sex, profile.region,
                                                     tuple(profile.conditions),
                                                     profile.updated_at))

    def check_ins(self, episode_id: int) -> tuple[CheckIn, ...]:
        rows = self._rows(CheckInRow, episode_id, CheckInRow.day, CheckInRow.recorded_at)
        return tuple(_check_in(row) for row in rows)

    def sessions(self, episode_id: int) -> tuple[Session, ...]:
        return tuple(_session(row) for row in self._rows(SessionRow, episode_id,
                                                           SessionRow.started_at))

    def exercises(self, episode_id: int) -> tuple[Exercise, ...]:
        rows = self._rows(ExerciseRow, episode_id, ExerciseRow.day, ExerciseRow.recorded_at)
        return tuple(_exercise(row) for row in rows)

    def water(self, episode_id: int) -> tuple[Water, ...]:
        rows = self._rows(WaterRow, episode_id, WaterRow.day, WaterRow.recorded_at)
        return tuple(_water(row) for row in rows)

    def alerts(self, episode_id: int) -> tuple[Alert, ...]:
        return tuple(_alert(row) for row in self._rows(AlertRow, episode_id, AlertRow.raised_at))

    # ---- writing -----------------------------------------------------------------------------

    def set_profile(
        self,
        *,
        age: int | None = None,
        sex: str | None = None,
        region: str | None = None,
        add_conditions: Iterable[str] = (),
        remove_conditions: Iterable[str] = (),
    ) -> Profile:
        """Change what is given, keep the rest. Region is stored as its code ("UK")."""
        bounds = self.kb.findings["age"]
        if age is not None and not (bounds.minimum or 0) <= age <= (bounds.maximum or 120):
            raise EntryError("age", f"must be between {bounds.minimum:g} and "
                                    f"{bounds.maximum:g}, got {age}")
        if sex is not None and sex not in SEXES:
            raise EntryError("sex", f"must be one of {', '.join(SEXES)}, got {sex!r}")
        code = None
        if region is not None:
            found = self.kb.region(region)
            if found is None:
                known = ", ".join(r.code for r in self.kb.regions)
                raise EntryError("region", f"unknown region {region!r} (known: {known})")
            code = found.code
        added, removed = list(add_conditions), set(remove_conditions)
        for fid in [*added, *removed]:
            if fid not in self.guidance.lasting_findings:
                known = ", ".join(sorted(self.guidance.lasting_findings))
                raise EntryError("condition", f"{fid!r} is not a condition the profile keeps "
                                              f"(known: {known})")
        with self._write() as db, db.begin():
            row = db.get(ProfileRow, self.person)
            if row is None:
                row = ProfileRow(person=self.person, conditions=[], updated_at=self._now())
                db.add(row)
            row.age = age if age is not None else row.age
            row.sex = sex if sex is not None else row.sex
            row.region = code if code is not None else row.region
            kept = [fid for fid in row.conditions if fid not in removed]
            row.conditions = list(dict.fromkeys([*kept, *added]))
            row.updated_at = self._now()
        return Profile(row.age, row.sex, row.region, tuple(row.conditions), row.updated_at)

    def save_assessment(self, assessment: Assessment) -> Episode:
        """Keep an assessment whole and open a new episode with it.

        The episode's day 0 is the day the pain started, when the assessment knows it
        (``onset_days``), so "day 3" in the diary means what it means in the care plan.
        """
        now = self._now()
        onset = assessment.findings.get("onset_days")
        started_on = self.today()
        if isinstance(onset, int | float) and not isinstance(onset, bool):
            started_on = date.fromordinal(started_on.toordinal() - int(onset))
        with self._write() as db, db.begin():
            episode = EpisodeRow(person=self.person, started_on=started_on, opened_at=now)
            db.add(episode)
            db.flush()
            db.add(AssessmentRow(
                episode_id=episode.id,
                recorded_at=now,
                knowledge_base=assessment.knowledge_base,
                level=assessment.level,
                intake=_plain_json(assessment.intake.to_json()),
                result=_plain_json(assessment.to_json()),
            ))
        return self.episode(episode.id)

    def _entry_day(self, episode: Episode, value: str | date | None) -> date:
        day = entries.day(value, self.today())
        if day < episode.started_on:
            raise EntryError("date", f"{day.isoformat()} is before this episode started "
                                     f"({episode.started_on.isoformat()})")
        return day

    def _store_alerts(self, db: DbSession, episode_id: int, notices: Iterable[Notice],
                      **link: int) -> list[AlertRow]:
        rows = [AlertRow(episode_id=episode_id, raised_at=self._now(), kind=notice.kind,
                         level=notice.level, message=notice.message,
                         sources=list(notice.sources), detail=_plain_json(notice.detail),
                         knowledge_base=self.kb.version, **link) for notice in notices]
        db.add_all(rows)
        return rows

    def check_in(
        self,
        pain: str | float,
        *,
        spasms: str | int | None = None,
        movement: str | int | None = None,
        notes: str | None = None,
        signs: Mapping[str, bool] | None = None,
        day: str | date | None = None,
    ) -> Written[CheckIn]:
        """Record how the day is going; a warning sign in the note raises an alert at once."""
        score = entries.pain(pain, self.guidance)
        count = entries.spasms(spasms)
        moving = entries.movement(movement)
        text = entries.notes(notes)
        episode, profile = self._for_writing()
        on = self._entry_day(episode, day)
        context = PersonContext.of(profile, episode, self.guidance)
        reading = read_check_in(text, signs or {}, context, on, score, self.guidance)
        with self._write() as db, db.begin():
            row = CheckInRow(episode_id=episode.id, day=on, recorded_at=self._now(), pain=score,
                             spasms=count, movement=moving, notes=text,
                             findings=_plain_json(reading.findings))
            db.add(row)
            db.flush()
            alerts = self._store_alerts(db, episode.id,
                                        [reading.alert] if reading.alert else [],
                                        check_in_id=row.id)
        return Written(_check_in(row), tuple(_alert(a) for a in alerts))

    def record_session(
        self,
        kind: str,
        started_at: datetime,
        ended_at: datetime,
        *,
        place: str | None = None,
        interrupted: bool = False,
    ) -> Written[Session]:
        """Record a cold or heat session; one that breaks a limit gets a gentle correction."""
        therapy = self.guidance.therapy(entries.therapy(kind))
        if started_at.tzinfo is None or ended_at.tzinfo is None:
            raise EntryError("started_at", "times must carry a time zone")
        if ended_at < started_at:
            raise EntryError("ended_at", "a session cannot end before it starts")
        if started_at > self._now():
            raise EntryError("started_at", "is in the future")
        where = entries.place(place)
        episode, _ = self._for_writing()
        on = self._entry_day(episode, started_at.astimezone().date())
        minutes = (ended_at - started_at).total_seconds() / 60
        notices = session_corrections(therapy, episode.day_of(on), minutes)
        with self._write() as db, db.begin():
            row = SessionRow(episode_id=episode.id, kind=therapy.kind, day=on,
                             started_at=started_at, ended_at=ended_at, place=where,
                             interrupted=interrupted)
            db.add(row)
            db.flush()
            alerts = self._store_alerts(db, episode.id, notices, session_id=row.id)
        return Written(_session(row), tuple(_alert(a) for a in alerts))

    def log_exercise(self, name: str, *, day: str | date | None = None) -> Written[Exercise]:
        item = entries.exercise(name, self.guidance)
        episode, _ = self._for_writing()
        on = self._entry_day(episode, day)
        with self._write() as db, db.begin():
            row = ExerciseRow(episode_id=episode.id, day=on, recorded_at=self._now(), item=item)
            db.add(row)
        return Written(_exercise(row), ())

    def log_water(self, amount: str | float, *, day: str | date | None = None) -> Written[Water]:
        ml = entries.water_ml(amount)
        episode, _ = self._for_writing()
        on = self._entry_day(episode, day)
        with self._write() as db, db.begin():
            row = WaterRow(episode_id=episode.id, day=on, recorded_at=self._now(), ml=ml)
            db.add(row)
        return Written(_water(row), ())

    def forget(self) -> None:
        """Erase this person's every entry, profile and episode, in one transaction; other
        people sharing the database keep theirs.

        On SQLite the freed pages are then overwritten and the file compacted, so the erased
        health data does not linger in the file or its write-ahead log.
        """
        sqlite = self.engine.dialect.name == "sqlite"
        with self._writer.connect() as connection:
            # Pragmas and VACUUM must run outside a transaction, so straight on the driver.
            driver = connection.connection.driver_connection
            if sqlite and driver is not None:
                driver.execute("PRAGMA secure_delete=ON")
            with connection.begin():
                for table in reversed(transfer.TABLES.values()):
                    connection.execute(delete(table).where(transfer.owned(table, self.person)))
            if sqlite and driver is not None:
                driver.execute("VACUUM")
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                driver.execute("PRAGMA secure_delete=OFF")

    # ---- export and import ---------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """This person's whole diary as one JSON-ready document, from one consistent
        snapshot."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                tables = transfer.dump(connection, self.person)
                schema = current_revision(connection)
        return transfer.export_document(tables, schema, self.kb.version, self._now())

    def import_export(self, document: Mapping[str, Any]) -> int:
        """Load an export into this diary, which must be empty; return the rows loaded.

        Every row is checked as the diary checks its own writes (``import_checks.py``) before
        anything is written: one bad row and the diary stays as it was.
        """
        check_tree(document, "", transfer.TransferError)
        tables = transfer.read_document(document)
        rows = transfer.checked_rows(tables, self.person, ImportRules(self.guidance,
                                                                      self.today()))
        with self._writer.begin() as connection:
            schema = document.get("schema")
            if schema not in transfer.READABLE_SCHEMAS:
                raise transfer.TransferError(
                    "schema", f"the export's schema {schema!r} is not one this backcare reads "
                              f"({', '.join(transfer.READABLE_SCHEMAS)}); it was written by a "
                              "newer backcare: upgrade to import it")
            for table in transfer.TABLES.values():
                if connection.scalar(select(func.count()).select_from(table)
                                     .where(transfer.owned(table, self.person))):
                    raise transfer.TransferError(
                        "diary", f"{self.location} already holds entries; import only into an "
                                 "empty diary (`backcare forget` erases this one)")
            try:
                return transfer.load(connection, rows)
            except IntegrityError as exc:
                raise transfer.TransferError(
                    "import", f"the database refused a row: {exc.orig}") from exc

    # ---- progress ----------------------------------------------------------------------------

    def _daily(self, episode_id: int) -> tuple[list[tuple[date, float]], DailyDone]:
        """What ``progress()`` needs of an episode's entries, and nothing more, from one
        connection: the check-ins' pain scores, oldest first, and what was done each day.

        Reading every entry whole (timestamps converted, notes and findings decoded) cost
        most of ``progress()`` on a long diary. Water is summed per day by the database;
        sessions come as bare ``(day, kind, started_at, ended_at)`` tuples, their timestamps
        left as the driver gives them (the minutes between two UTC moments are the same in
        any zone), so the minutes are worked out exactly as ``Session.minutes`` does, on
        SQLite and PostgreSQL alike.
        """
        def scoped(model: type[EpisodeEntry], *columns: Any) -> Select[Any]:
            return (select(*columns)
                    .join(EpisodeRow, EpisodeRow.id == model.episode_id)
                    .where(model.episode_id == episode_id, EpisodeRow.person == self.person))

        moment = DateTime(timezone=True)
        # Each result fetched whole: the drivers hand over all the rows in one call, where
        # iterating asks for them one by one — half the time of ten years' progress.
        with self.engine.connect() as connection:
            pains = cast(list[tuple[date, float]], connection.execute(
                scoped(CheckInRow, CheckInRow.day, CheckInRow.pain)
                .order_by(CheckInRow.day, CheckInRow.recorded_at, CheckInRow.id)).all())
            done = DailyDone.of_rows(
                connection.execute(
                    scoped(SessionRow, SessionRow.day, SessionRow.kind,
                           type_coerce(SessionRow.started_at, moment),
                           type_coerce(SessionRow.ended_at, moment))
                    .order_by(SessionRow.started_at, SessionRow.id)).all(),
                connection.execute(
                    scoped(ExerciseRow, ExerciseRow.day, ExerciseRow.item)
                    .order_by(ExerciseRow.day, ExerciseRow.recorded_at, ExerciseRow.id)).all(),
                connection.execute(
                    scoped(WaterRow, WaterRow.day, func.sum(WaterRow.ml))
                    .group_by(WaterRow.day)).all(),
            )
        return pains, done

    def progress(self, episode_id: int | None = None, today: date | None = None) -> Progress:
        """How the episode is going, and the alert it calls for, if any."""
        with cyclic_gc_paused():  # ten years of days are ~30,000 short-lived objects
            return self._progress(episode_id, today)

    def _progress(self, episode_id: int | None, today: date | None) -> Progress:
        episode = self.episode(episode_id)
        today = today or self.today()
        pains, done = self._daily(episode.id)
        # Read oldest first, so a check-in's place in the list orders it as its
        # (recorded_at, id) would; the opening assessment's 0 puts it before them all.
        points = [PainPoint(day, (1, n), pain) for n, (day, pain) in enumerate(pains)]
        opening_pain = episode.opening.result.get("findings", {}).get("pain_score")
        if isinstance(opening_pain, int | float) and not isinstance(opening_pain, bool):
            on = max(episode.started_on, episode.opening.recorded_at.astimezone().date())
            points.append(PainPoint(on, (0, 0), float(opening_pain)))
        trend = pain_trend(points, episode.started_on, today, self.guidance.progress)
        context = PersonContext.of(self.profile(), episode, self.guidance)
        return Progress(
            episode=episode,
            logged_alerts=self.alerts(episode.id),
            today=today,
            day=episode.day_of(today),
            phase=phase_for(episode.day_of(today), self.kb).id,
            pain=trend,
            adherence=adherence(episode, today, trend, done, self.guidance),
            alert=progress_alert(context, today, trend.meaningfully_better, trend.getting_worse,
                                 self.guidance),
        )

def open_diary(
    url: str | URL | None = None,
    *,
    kb: KnowledgeBase | None = None,
    now: Callable[[], datetime] = _utc_now,
    person: str = DEFAULT_PERSON,
) -> Diary:
    """Open (creating and upgrading as needed) ``person``'s diary at ``url``: a database URL or
    a file path; by default ``$BACKCARE_DATABASE_URL``, else the file in the user's data folder.
    ``person`` tells apart the people who share one database; a personal diary needs none."""
    person = _person(person)
    engine = create_diary_engine(url if isinstance(url, URL) else resolve_url(url))
    try:
        migrate(engine)
        guidance = load_guidance(kb)
    except Exception:
        engine.dispose()
        raise
    return Diary(engine, guidance, now, person)
