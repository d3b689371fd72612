"""The demo's earlier hires: twenty-four key account managers hired through structured panels
in 2024, who then joined the sales director's KAM team, with their field results for the
quarters that followed; a few left within the year. They give the "what predicted success"
page real figures.

Each hire has a true profile around which the panel scored (as every demo candidate), and their
field results follow parts of it with noise: sales against plan the relationships and
persuasion clusters, VIP/KOL coverage their knowledge of VIPs and KOLs, and leaving early is
likelier for a low overall level. So the page finds relations that were built in, at the
strength a year of one organisation's data allows, and none where none was.

A generator of its own (:data:`SEED`) makes them: adding them changed no other demo figure.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from hiring.demo_scores import PERS, REL, STRAT, DemoCandidate, Words, scorecard_input
from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.domain.team_csv import TEAM_COLUMNS, read_team_csv
from hiring.extensions import db
from hiring.models import Candidate, Opening, Person, User
from hiring.services.employment import record_leaving
from hiring.services.interviews import save_scorecard, schedule_interview
from hiring.services.people import import_team
from hiring.services.recruiting import create_candidate, create_opening, record_decision

SEED = 2024
NAMES = (
    "Aleksi Vainio", "Anu Peltonen", "Eetu Karjalainen", "Heidi Lindroos", "Iida Halonen",
    "Jaakko Mustonen", "Jenni Savolainen", "Kalle Ojala", "Kaisa Partanen", "Lauri Aaltio",
    "Maria Eskola", "Matias Leppänen", "Mirja Seppälä", "Niko Hiltunen", "Pia Räsänen",
    "Raimo Vesterinen", "Reetta Kiiskinen", "Sakari Jokela", "Sari Huttunen", "Teemu Rautio",
    "Tuija Mikkola", "Ulla Kangas", "Vesa Manninen", "Viivi Nyström",
)  # fmt: skip
FIRST_HIRE = date(2024, 2, 5)
"""The first hire's day; the others follow a fortnight apart, to January 2025."""
QUARTERS = 6
"""Quarters of field results after each hire (fewer for those who left)."""
TERRITORIES = ("Helsinki", "Espoo", "Vantaa", "Turku", "Tampere", "Oulu", "Jyväskylä", "Kuopio")
OPENING = ("Key Account Manager, 2024 intake", "Uusimaa")


def _cluster_mean(role: ResolvedRole, truth: dict[str, float], cluster: str) -> float:
    values = [truth[c.key] for c in role.competencies if c.competency.cluster == cluster]
    return sum(values) / len(values)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _quarter_after(day: date, steps: int) -> tuple[int, int]:
    """The (year, quarter) ``steps`` quarters after the one ``day`` falls in."""
    index = day.year * 4 + (day.month - 1) // 3 + steps
    return index // 4, index % 4 + 1


def load_hires(
    users: dict[str, User], panel_pool: tuple[str, ...], catalogue: Catalogue, lang: str
) -> None:
    """Create the hires through the services: a closed opening, each candidate's competency
    interview scored by three of ``panel_pool``, the hire decision, then the team file that
    the administrator (the sales director) imports, which links each hire by e-mail to an
    employee record with their quarters; then the leavers' last days. Flushes only."""
    rng = random.Random(SEED)
    words = Words(random.Random(SEED + 1), lang)
    role = catalogue.role("kam")
    keys = [c.key for c in role.competencies]
    director, recruiter = users["admin"], users["recruiter"]
    title, area = OPENING
    opening: Opening = create_opening(
        {
            "title": title,
            "role_key": "kam",
            "territory": area,
            "hiring_manager": director.name,
            "hiring_manager_id": director.id,
        },
        recruiter,
    )
    lines = [",".join(TEAM_COLUMNS)]
    leavers: list[tuple[str, date]] = []
    for number, name in enumerate(NAMES):
        hired_on = FIRST_HIRE + timedelta(days=14 * number)
        base = min(4.2, max(3.0, rng.gauss(3.6, 0.25)))
        offsets = {cluster: rng.uniform(-0.7, 0.7) for cluster in (REL, PERS, STRAT)}
        sales_years = rng.randint(4, 16)
        person = DemoCandidate(
            name, 2, ("higher", sales_years, rng.randint(1, 6), "fi,en", None, None, None),
            "external", "", base, offsets,
        )  # fmt: skip
        email = name.lower().translate(str.maketrans("äöå ", "aoa.")) + "@example.com"
        candidate: Candidate = create_candidate(
            {
                "opening_id": opening.id,
                "name": name,
                "email": email,
                "education": "higher",
                "sales_experience_years": sales_years,
                "kam_experience_years": person.facts[2],
                "languages": "fi,en",
                "source": "external",
            }
        )
        candidate.created_at = _at(hired_on - timedelta(days=45))
        truth = {c.key: base + offsets.get(c.competency.cluster, 0.0) for c in role.competencies}
        panel = [users[label] for label in rng.sample(panel_pool, 3)]
        interview = schedule_interview(
            candidate,
            scheduled_at=_at(hired_on - timedelta(days=21)),
            kind="competency_interview",
            interviewer_ids=[u.id for u in panel],
            competencies=None,
            by=recruiter,
            catalogue=catalogue,
        )
        cards = {s.interviewer_id: s for s in interview.scorecards}
        words.name = name.split()[0]
        for user in panel:
            data = scorecard_input(rng, role, keys, truth, person, 0, (), words)
            save_scorecard(cards[user.id], user, role, data, submit=True)
        decision = record_decision(
            candidate, "hire", "The panel's strongest candidate for the territory.", recruiter
        )
        decision.created_at = _at(hired_on, 15)
        # the field, a year and a half on: results follow relationships and persuasion
        relationships = _cluster_mean(role, truth, REL)
        persuasion = _cluster_mean(role, truth, PERS)
        results = 100 + 12 * (relationships - 3.6) + 6 * (persuasion - 3.6) + rng.gauss(0, 9)
        total = rng.randint(14, 30)
        known_share = min(0.95, max(0.1, 0.3 + 0.15 * (truth["vip_kol_knowledge"] - 3.6)))
        known_share += rng.uniform(-0.12, 0.12)
        leaves = rng.random() < (0.4 if base < 3.45 else 0.1)
        quarters = rng.randint(2, 4) if leaves else QUARTERS
        if leaves:
            leavers.append((email, hired_on + timedelta(days=91 * quarters + 20)))
        employee = {
            "employee_id": f"K{2400 + number + 1}", "name": name, "email": email,
            "team": "KAM", "territory": TERRITORIES[number % len(TERRITORIES)],
            "role": "key account manager", "years_in_role": "1",
            "sales_experience_years": str(sales_years), "education": "higher",
            "languages": "fi en",
        }  # fmt: skip
        for step in range(1, quarters + 1):
            year, quarter = _quarter_after(hired_on, step)
            known = round(total * min(1.0, known_share * (0.7 + 0.1 * step)))
            sales = results + rng.uniform(-6, 6)
            field = {
                "period": f"{year}-Q{quarter}",
                "sales_vs_plan_pct": f"{max(40.0, sales):.0f}",
                "sales_growth_pct": f"{(sales - 95) * 0.7 + rng.uniform(-3, 3):.0f}",
                "key_accounts": str(max(1, round(known / 3))),
                "vip_kol_known": str(known),
                "vip_kol_total": str(total),
                "tenders_won": str(max(0, round((sales - 95) / 10))),
                "report_compliance_pct": f"{rng.uniform(60, 98):.0f}",
                "visit_compliance_pct": f"{rng.uniform(60, 98):.0f}",
                "long_term_clients": str(round(known * 1.3)),
                "repeat_transactions": str(round(sales * 1.5)),
            }  # fmt: skip
            values = employee | field
            lines.append(",".join(values[column] for column in TEAM_COLUMNS))
    opening.status = "closed"
    import_team(read_team_csv("\n".join(lines) + "\n"), director, may_transfer=True)
    people = {
        p.email: p
        for p in db.session.execute(
            db.select(Person).where(Person.email.in_([email for email, _ in leavers]))
        ).scalars()
    }
    for email, left_on in leavers:
        record_leaving(people[email], left_on, director, today=left_on)
    db.session.flush()
