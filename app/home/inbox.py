"""The task inbox ("Tugas saya"): everything that waits for the user, whatever year they are looking at.

Each group is one kind of work with the lines to act on, each line linking to the place to act:
one's own agreements still in draft, agreements to sign or countersign, agreements returned to their PIHAK
PERTAMA, values to verify, an operator's values not reported in the working year and anyone's values not yet
reported in an input window that is open, award rounds open for the user's nominations, nominees the
user has not scored yet, excuses waiting for the user's decision (as the requester's superior, or by a role
that decides over a unit where the superior has no account) and the user's own excuses refused in the last
two weeks; the TPP months HR has started and not closed (with how many people are not rated yet), and the
people the user rates who have no rating for such a month; objections to a TPP month waiting for HR, and the
user's own objections decided while their month is still open; non-ASN contracts ending soon without a renewal
decision, draft contracts not signed yet, and last month's honorarium not closed; the closed TPP months whose
people's scorecards are not all issued yet. A group the user has nothing in is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import url_for
from flask_babel import format_date, format_number
from flask_babel import gettext as _
from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.access import can, scoped
from app.accounts.models import User
from app.agreements.models import Agreement, AgreementVersion
from app.attendance.compute import RECORDED_STATUSES
from app.attendance.excuses import excuse_kind_labels
from app.attendance.models import Excuse
from app.attendance.superior import nearest_head, subordinates
from app.awards.models import Assessor, Category, Nomination, Round, Score
from app.core.clock import agency_timezone
from app.documents.models import IssuedDocument
from app.extensions import db
from app.monitoring.models import PeriodStat, ReportingWindow
from app.monitoring.reminders import summary
from app.org.models import Employee, Unit, opd_of
from app.org.rules import ASN_TYPES, full_name
from app.org.years import working_year
from app.scorecards.document import source as scorecard_source
from app.scorecards.periods import Period as ScorecardPeriod
from app.tpp import labels
from app.tpp.models import Objection, Period, Rating, Result
from app.workers.models import Contract, HonorMonth
from app.workers.rules import Rules
from app.workers.services import settings as worker_settings


@dataclass(frozen=True)
class Line:
    text: str
    detail: str
    url: str
    n: int = 1  # how many things to act on the line stands for (a unit's values to verify)


@dataclass
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(line.n for line in self.lines)


def tasks(user, today: date) -> list[Group]:
    """The user's groups of work that have something in them, in the order the work is usually done."""
    groups = [*_agreements(user), *_monitoring(user, today), *_awards(user, today), *_excuses(user, today),
              *_tpp(user), *_workers(user, today), *_scorecards(user)]
    return [group for group in groups if group.lines]


def count(groups: list[Group]) -> int:
    return sum(group.count for group in groups)


def _agreement_line(agreement: Agreement, first_party: str, detail: str) -> Line:
    return Line(_("Agreement %(year)s of %(name)s", year=agreement.year, name=first_party), detail,
                url_for("agreements.detail", agreement_id=agreement.id))


def _agreements(user) -> list[Group]:
    drafts = Group("draft", _("Your agreements in draft, to complete and submit"))
    sign = Group("sign", _("Agreements waiting for your signature"))
    countersign = Group("countersign", _("Agreements waiting for your countersignature"))
    returned = Group("returned", _("Agreements returned to you"))
    parties = or_(Agreement.first_party_id == user.employee_id,
                  AgreementVersion.second_party_id == user.employee_id) if user.employee_id else False
    recorder = and_(AgreementVersion.second_party_id.is_(None), AgreementVersion.status == "signed",
                    scoped(user, "agreements.manage", Agreement)) if can(user, "agreements.manage") else False
    rows = db.session.execute(
        select(Agreement, AgreementVersion, Employee.name, Unit.name)
        .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
        .join(Employee, Agreement.first_party_id == Employee.id).join(Unit, Agreement.unit_id == Unit.id)
        .where(AgreementVersion.status.in_(("draft", "submitted", "returned", "signed")), or_(parties, recorder))
        .order_by(Agreement.year, Unit.path)).all()
    for agreement, version, first_party, unit in rows:
        if version.status == "draft" and agreement.first_party_id == user.employee_id:
            drafts.lines.append(_agreement_line(agreement, first_party, unit))
        elif version.status == "submitted" and agreement.first_party_id == user.employee_id:
            sign.lines.append(_agreement_line(agreement, first_party, unit))
        elif version.status == "returned" and agreement.first_party_id == user.employee_id:
            returned.lines.append(_agreement_line(agreement, first_party, version.returned_note or unit))
        elif version.status == "signed" and (version.second_party_id == user.employee_id
                                             or version.second_party_id is None):
            detail = unit if version.second_party_id else _("%(unit)s: record the countersignature of %(name)s",
                                                             unit=unit, name=version.second_party_name)
            countersign.lines.append(_agreement_line(agreement, first_party, detail))
    return [drafts, sign, countersign, returned]


UNITS_SHOWN = 20  # units listed per year in a monitoring group; the rest in one line to the reminders page


def _monitoring(user, today: date) -> list[Group]:
    """Per unit and year, the values to verify (any year with a submitted value in the scope) and the values not
    reported in an input window that is open today, counted by ``reminders.summary`` (its six statements a
    year, whatever the number of lines); each line opens the unit's reminders, which list the values."""
    if not can(user, "monitoring.view"):
        return []
    verify = Group("verify", _("Values waiting for your verification"))
    remind = can(user, "monitoring.remind")  # an operator: every value of their units due and not reported
    report = Group("report", _("Values to report") if remind else _("Values to report before the input window closes"))
    scope = scoped(user, "monitoring.view", Unit)
    submitted = set(db.session.scalars(select(PeriodStat.year).join(Unit, PeriodStat.unit_id == Unit.id).where(
        PeriodStat.submitted_pk + PeriodStat.submitted_kpi > 0, scope).distinct()))  # the kept figures, not the values
    open_windows = set(db.session.scalars(select(ReportingWindow.year).join(Unit, ReportingWindow.opd_id == Unit.id)
                                          .where(ReportingWindow.opens_on <= today, ReportingWindow.closes_on >= today)
                                          .distinct())) if can(user, "monitoring.report") else set()
    working = working_year(user) if remind else None
    reminded = set(db.session.scalars(select(Unit.id).where(scoped(user, "monitoring.remind", Unit)))) \
        if remind else set()  # the units they report for (not those they only lead)
    for year in sorted(submitted | open_windows | ({working} if remind else set())):
        units = summary(user, year, today).units
        waiting = [unit for unit in units if unit.waiting]
        due = []  # (unit, how many, every value due: the operator's working year) or those of an open window
        for unit in units:
            if year == working and unit.unit_id in reminded and unit.missing:
                due.append((unit, unit.missing, True))
            elif year in open_windows and unit.closing:
                due.append((unit, unit.closing, False))
        for unit in waiting[:UNITS_SHOWN]:
            verify.lines.append(Line(f"{unit.unit_name} · {year}", _("%(n)s values", n=format_number(unit.waiting)),
                                     url_for("monitoring.reminders", year=year, unit=unit.unit_id), unit.waiting))
        for unit, n, every in due[:UNITS_SHOWN]:
            report.lines.append(Line(f"{unit.unit_name} · {year}", _report_detail(unit, every),
                                     url_for("monitoring.reminders", year=year, unit=unit.unit_id), n))
        for group, rest, n in ((verify, waiting[UNITS_SHOWN:], sum(u.waiting for u in waiting[UNITS_SHOWN:])),
                               (report, due[UNITS_SHOWN:], sum(n for _unit, n, _every in due[UNITS_SHOWN:]))):
            if rest:
                group.lines.append(Line(_("%(n)s more units · %(year)s", n=format_number(len(rest)), year=year),
                                        _("%(n)s values", n=format_number(n)),
                                        url_for("monitoring.reminders", year=year), n))
    return [verify, report]


def _report_detail(unit, every: bool) -> str:
    """What a unit's line of values to report says: every value due and not reported (an operator's working year;
    those of a window open today named), else the values of an input window open today."""
    if not every:
        return _("%(n)s values · the window closes on %(d)s", n=format_number(unit.closing), d=_tanggal(unit.closes_on))
    if unit.closing:
        return _("%(n)s values not reported yet · %(c)s of them before the window closes on %(d)s",
                 n=format_number(unit.missing), c=format_number(unit.closing), d=_tanggal(unit.closes_on))
    return _("%(n)s values not reported yet", n=format_number(unit.missing))


def _tanggal(value: date) -> str:
    return format_date(value, "d MMMM y")


def _round_label(category: str, year: int, month: int) -> str:
    return f"{category} {_month_label(year, month)}"


def _awards(user, today: date) -> list[Group]:
    if not can(user, "awards.view"):
        return []
    nominate = Group("nominate", _("Award rounds open for your nominations"))
    score = Group("score", _("Nominees waiting for your scores"))
    if can(user, "awards.nominate"):
        for award_round, category in db.session.execute(
                select(Round, Category.name).join(Category, Round.category_id == Category.id)
                .where(Round.status == "nominating", Round.nomination_opens <= today, Round.nomination_closes >= today,
                       scoped(user, "awards.nominate", Round)).order_by(Round.year, Round.month)):
            nominate.lines.append(Line(_round_label(category, award_round.year, award_round.month),
                                       _("nominations close on %(d)s", d=_tanggal(award_round.nomination_closes)),
                                       url_for("awards.nominate", award_round_id=award_round.id)))
    unscored = ~exists().where(Score.nomination_id == Nomination.id, Score.assessor_id == Assessor.id)
    for award_round, category, n in db.session.execute(
            select(Round, Category.name, func.count(Nomination.id))
            .join(Category, Round.category_id == Category.id)
            .join(Assessor, and_(Assessor.round_id == Round.id, Assessor.user_id == user.id))
            .join(Nomination, Nomination.round_id == Round.id)
            .where(Round.status == "scoring", Nomination.withdrawn_at.is_(None), unscored)
            .group_by(Round.id, Category.name).order_by(Round.year, Round.month)):
        score.lines.append(Line(_round_label(category, award_round.year, award_round.month),
                                _("%(n)s nominees not scored yet", n=n),
                                url_for("awards.score", award_round_id=award_round.id)))
    return [nominate, score]


REFUSED_SHOWN_DAYS = 14  # how long one's own refused excuse stays in the inbox


def _excuse_days(excuse: Excuse) -> str:
    if excuse.starts_on == excuse.ends_on:
        return _tanggal(excuse.starts_on)
    return f"{_tanggal(excuse.starts_on)} – {_tanggal(excuse.ends_on)}"


def _excuses(user, today: date) -> list[Group]:
    """Excuses waiting for the user's decision (one statement): those whose superior the user is, and, for a
    role that decides, those in its scope whose superior has no account (or that have no superior). Then the
    user's own excuses refused lately, with the note (one statement)."""
    decide = Group("excuses", _("Excuses waiting for your decision"))
    refused = Group("excuses-refused", _("Your excuses refused"))
    kinds = excuse_kind_labels()
    mine = subordinates(user.employee_id)
    head = nearest_head(Employee.id, Unit.path)  # evaluated for the requested excuses only (ix_excuses_state)
    orphan = and_(scoped(user, "attendance.decide", Employee), ~exists().where(User.employee_id == head)) \
        if can(user, "attendance.decide") else false()
    for excuse, name, front, back in db.session.execute(
            select(Excuse, Employee.name, Employee.front_title, Employee.back_title)
            .join(Employee, Excuse.employee_id == Employee.id).join(Unit, Employee.unit_id == Unit.id)
            .where(Excuse.state == "requested", Employee.id != (user.employee_id or 0), or_(mine, orphan))
            .order_by(Excuse.starts_on, Excuse.id)):
        decide.lines.append(Line(full_name(name, front, back), f"{kinds[excuse.kind]} · {_excuse_days(excuse)}",
                                 url_for("attendance.excuse_detail", excuse_id=excuse.id)))
    if user.employee_id:
        since = datetime.combine(today - timedelta(days=REFUSED_SHOWN_DAYS), time(0), agency_timezone())
        for excuse in db.session.scalars(
                select(Excuse).where(Excuse.employee_id == user.employee_id, Excuse.state == "refused",
                                     Excuse.decided_at >= since).order_by(Excuse.decided_at.desc())):
            refused.lines.append(Line(f"{kinds[excuse.kind]} · {_excuse_days(excuse)}", excuse.decision_note,
                                      url_for("attendance.excuse_detail", excuse_id=excuse.id)))
    return [decide, refused]


def _tpp(user) -> list[Group]:
    """Objections waiting for HR (one statement); the open TPP months HR may close (one statement); per open
    month and unit, how many of the people the user is the superior of are not rated yet (one statement); the
    user's own objections decided in a month still open (one statement)."""
    objections = Group("tpp-objections", _("TPP objections waiting for your decision"))
    decided = Group("tpp-objections-decided", _("Your TPP objections decided"))
    finish = Group("tpp-finish", _("TPP months not closed yet"))
    rate = Group("tpp-rate", _("Monthly ratings waiting for you"))
    opd = aliased(Unit)
    if can(user, "tpp.manage"):
        unrated = (select(func.count()).select_from(Result)
                   .where(Result.period_id == Period.id, Result.unrated.is_(True)).scalar_subquery())
        for period, name, missing in db.session.execute(
                select(Period, opd.name, unrated).join(opd, Period.opd_id == opd.id)
                .where(Period.state == "open", scoped(user, "tpp.manage", Period))
                .order_by(Period.year, Period.month, opd.name)):
            detail = (_("%(n)s people not rated yet", n=missing) if missing else _("ready to be closed"))
            finish.lines.append(Line(_("TPP %(month)s: %(opd)s", month=_month_label(period.year, period.month),
                                       opd=name), detail,
                                     url_for("tpp.month", unit_id=period.opd_id, year=period.year,
                                             month=period.month)))
    if can(user, "tpp.manage"):
        for objection, name, front, back in db.session.execute(
                select(Objection, Employee.name, Employee.front_title, Employee.back_title)
                .join(Employee, Objection.employee_id == Employee.id).join(Unit, Employee.unit_id == Unit.id)
                .where(Objection.state == "open", scoped(user, "tpp.manage", Employee))
                .order_by(Objection.created_at, Objection.id)):
            objections.lines.append(Line(full_name(name, front, back), objection.reason[:120],
                                         url_for("tpp.objection", objection_id=objection.id)))
    if user.employee_id:
        for objection in db.session.scalars(
                select(Objection).join(Period, Objection.period_id == Period.id)
                .where(Objection.employee_id == user.employee_id, Objection.state != "open",
                       Period.state == "open").order_by(Objection.resolved_at.desc())):
            decided.lines.append(Line(labels.objection_states()[objection.state], objection.resolution[:120],
                                      url_for("tpp.objection", objection_id=objection.id)))
    if user.employee_id:
        rated = exists().where(Rating.employee_id == Employee.id, Rating.year == Period.year,
                               Rating.month == Period.month)
        for year, month, unit_id, unit_name, n in db.session.execute(
                select(Period.year, Period.month, Unit.id, Unit.name, func.count(Employee.id))
                .select_from(Period).join(opd, Period.opd_id == opd.id)
                .join(Unit, Unit.path.startswith(opd.path)).join(Employee, Employee.unit_id == Unit.id)
                .where(Period.state == "open", Employee.employment_type.in_(ASN_TYPES),
                       Employee.status.in_(RECORDED_STATUSES), Employee.id != user.employee_id,
                       subordinates(user.employee_id), ~rated)
                .group_by(Period.year, Period.month, Unit.id, Unit.name)
                .order_by(Period.year, Period.month, Unit.name)):
            rate.lines.append(Line(unit_name, _("%(n)s people to rate for %(month)s", n=n,
                                                month=_month_label(year, month)),
                                   url_for("tpp.ratings_unit", unit_id=unit_id, year=year, month=month)))
    return [objections, finish, rate, decided]


def _workers(user, today: date) -> list[Group]:
    """For who manages non-ASN workers: per OPD, the signed contracts ending within the OPD's notice days (or
    ended) with no renewal decision, by year; drafts not signed, by year; last month's honorarium of an OPD where
    contracts ran and it is not closed. Six statements, whatever the number of OPDs."""
    decide = Group("workers-renewal", _("Non-ASN contracts waiting for a renewal decision"))
    drafts = Group("workers-drafts", _("Non-ASN contracts not signed yet"))
    close = Group("workers-honor", _("Honorarium months to close"))
    if not can(user, "workers.manage"):
        return []
    opds = list(db.session.scalars(select(Unit).where(Unit.parent_id.is_(None), scoped(user, "workers.view", Unit))
                                   .order_by(Unit.sort_order, Unit.name)))
    mine = scoped(user, "workers.manage", Contract)
    if opds:
        rules = worker_settings.in_force_of(opds, today)
        horizon = {unit.id: today + timedelta(days=Rules.read(rules[unit.id].rules).notice_days) for unit in opds}
        ending: dict[tuple[int, int], int] = {}
        for path, year, ends_on, n in db.session.execute(  # per unit and end day: the OPD's notice is its own
                select(Unit.path, Contract.year, Contract.ends_on, func.count()).join(Unit, Contract.unit_id == Unit.id)
                .where(Contract.state == "active", Contract.renewal.is_(None), mine,
                       Contract.ends_on <= max(horizon.values()))
                .group_by(Unit.path, Contract.year, Contract.ends_on)):
            opd_id = opd_of(path)
            if opd_id in horizon and ends_on <= horizon[opd_id]:
                ending[opd_id, year] = ending.get((opd_id, year), 0) + n
        for unit in opds:
            for (opd_id, year), n in sorted(ending.items()):
                if opd_id == unit.id:
                    decide.lines.append(Line(_("%(opd)s, contracts of %(year)s", opd=unit.name, year=year),
                                             _("%(n)s contracts ending by %(day)s", n=n,
                                               day=format_date(horizon[unit.id], "d MMMM y")),
                                             url_for("workers.ending", year=year)))
    for year, n in db.session.execute(select(Contract.year, func.count()).where(Contract.state == "draft", mine)
                                      .group_by(Contract.year).order_by(Contract.year)):
        drafts.lines.append(Line(_("Contracts of %(year)s", year=year), _("%(n)s drafts", n=n),
                                 url_for("workers.contracts", year=year, state="draft")))
    last = date(today.year, today.month, 1) - timedelta(days=1)
    first = last.replace(day=1)
    if opds:
        ran: dict[int, int] = {}
        for path, n in db.session.execute(
                select(Unit.path, func.count()).select_from(Contract).join(Unit, Contract.unit_id == Unit.id)
                .where(Contract.state != "draft", Contract.starts_on <= last, mine,
                       func.coalesce(Contract.terminated_on, Contract.ends_on) >= first).group_by(Unit.path)):
            ran[opd_of(path)] = ran.get(opd_of(path), 0) + n
        closed = set(db.session.scalars(select(HonorMonth.opd_id).where(
            HonorMonth.opd_id.in_(ran), HonorMonth.year == last.year, HonorMonth.month == last.month,
            HonorMonth.state == "closed")))
        for unit in opds:
            if ran.get(unit.id) and unit.id not in closed:
                close.lines.append(Line(_("Honorarium %(month)s: %(opd)s", month=_month_label(last.year, last.month),
                                          opd=unit.name), _("%(n)s contracts ran in the month", n=ran[unit.id]),
                                        url_for("workers.honor_month", unit_id=unit.id, year=last.year,
                                                month=last.month)))
    return [decide, drafts, close]


def _scorecards(user) -> list[Group]:
    """For who issues scorecards in bulk: each closed TPP month of an OPD whose people's scorecards of that month
    are fewer than the people the month paid (two statements: the months, then the issued scorecards of those
    months counted per unit)."""
    issue = Group("scorecards", _("Scorecards of closed months to issue"))
    if not can(user, "scorecards.bulk"):
        return []
    months = db.session.execute(
        select(Period.opd_id, Unit.name, Period.year, Period.month, Period.people)
        .join(Unit, Period.opd_id == Unit.id)
        .where(Period.state == "closed", scoped(user, "scorecards.bulk", Unit))
        .order_by(Unit.sort_order, Unit.name, Period.year, Period.month)).all()
    if not months:
        return [issue]
    key = {row: scorecard_source("person", ScorecardPeriod(row.year, "month", row.month), 0)[0] for row in months}
    issued: dict[tuple[int, str], int] = {}
    for source, path, n in db.session.execute(
            select(IssuedDocument.source_type, Unit.path, func.count()).join(Unit, IssuedDocument.unit_id == Unit.id)
            .where(IssuedDocument.source_type.in_(set(key.values())))
            .group_by(IssuedDocument.source_type, Unit.path)):
        opd = opd_of(path)
        issued[opd, source] = issued.get((opd, source), 0) + n
    for row in months:
        done = issued.get((row.opd_id, key[row]), 0)
        if done < row.people:
            issue.lines.append(Line(
                _("Scorecards %(month)s: %(opd)s", month=_month_label(row.year, row.month), opd=row.name),
                _("%(n)s of %(total)s people's scorecards issued", n=done, total=row.people),
                url_for("scorecards.unit", unit_id=row.opd_id, year=row.year, month=row.month, bulk=1) + "#bulk"))
    return [issue]


def _month_label(year: int, month: int) -> str:
    return format_date(date(year, month, 1), "MMMM y")
