"""The demo's sales team: twenty medical representatives of one manager with a year of field
data, some of them assessed for the KAM role.

One of them is the source's case (the representative "Marina R."): her reports and visit
standards are poor, her territory's results excellent, she knows nearly every VIP and KOL of her
city, and her manager and an independent rater both rate her relationships and persuasion high.
In the talent pool she comes out on top for the KAM role; her process scores sit beside it as
field data, and count for nothing in the KAM fit, as the source says they should not.

Deterministic: the figures come from ``random.Random`` seeded with the demo's seed, so two loads
give the same team.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hiring.demo_scores import (
    PERS,
    REL,
    STRAT,
    DemoCandidate,
    Words,
    scorecard_input,
    true_profile,
)
from hiring.domain.catalogue import Catalogue
from hiring.domain.team_csv import TEAM_COLUMNS, read_team_csv
from hiring.extensions import db
from hiring.models import Interview, Person, User
from hiring.services.interviews import save_scorecard
from hiring.services.people import import_team
from hiring.services.team import start_assessment

PERIODS = ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")


@dataclass(frozen=True)
class Rep:
    employee_id: str
    name: str
    territory: str
    years: float
    base: float
    """Their true KAM competency level (before offsets)."""
    results: float
    """Sales against plan, per cent, around which the quarters vary."""
    process: float
    """Report and visit-standard compliance, per cent."""
    vip_kol: tuple[int, int]
    """VIPs and KOLs known, of the territory's total."""
    offsets: tuple[tuple[str, float], ...] = ()
    assessed: str = ""
    """``both``: the manager and an independent rater; ``manager``: only the manager so far."""


MARINA = Rep(
    "R1007", "Marina Rudenko", "Tampere city", 6, 3.7, 131, 41, (27, 30),
    ((REL, 1.0), (PERS, 0.8), (STRAT, 0.2), ("negotiation", 0.6)), "both",
)  # fmt: skip
TEAM: tuple[Rep, ...] = (
    MARINA,
    Rep("R1001", "Pekka Lahtinen", "Tampere east", 9, 2.7, 97, 99, (9, 28), (), "both"),
    Rep("R1002", "Satu Mattila", "Nokia and Ylöjärvi", 4, 3.2, 108, 88, (15, 24),
        ((REL, 0.4),), "both"),
    Rep("R1003", "Jussi Koivisto", "Hervanta", 2, 2.5, 91, 94, (6, 22), (), "manager"),
    Rep("R1004", "Elina Nurmi", "Kangasala", 7, 4.0, 112, 76, (17, 25),
        (("vip_kol_knowledge", -1), ("influence_mapping", -1), ("lobbying", -1),
         ("commercial_proposals", -1)), "manager"),
    Rep("R1005", "Tero Salo", "Lempäälä", 11, 2.9, 101, 90, (12, 26), (), "both"),
    Rep("R1006", "Hanna Väisänen", "Pirkkala", 3, 3.0, 104, 85, (11, 21)),
    Rep("R1008", "Ari Hakala", "Orivesi", 15, 2.8, 95, 97, (10, 18)),
    Rep("R1009", "Kirsi Ahonen", "Valkeakoski", 5, 3.1, 106, 82, (13, 23), (), "manager"),
    Rep("R1010", "Mika Rinne", "Sastamala", 8, 2.6, 93, 91, (7, 19)),
    Rep("R1011", "Laura Pelkonen", "Tampere west", 1, 2.9, 99, 96, (5, 27)),
    Rep("R1012", "Janne Heiskanen", "Ikaalinen", 12, 2.7, 96, 87, (9, 17)),
    Rep("R1013", "Noora Kettunen", "Mänttä-Vilppula", 6, 3.0, 103, 79, (12, 16)),
    Rep("R1014", "Ville Aaltonen", "Akaa", 4, 2.8, 98, 93, (8, 15)),
    Rep("R1015", "Paula Lindholm", "Parkano", 10, 3.1, 105, 84, (11, 14)),
    Rep("R1016", "Sami Turunen", "Hämeenkyrö", 3, 2.6, 92, 98, (6, 16)),
    Rep("R1017", "Riitta Honkanen", "Tampere centre", 14, 3.2, 107, 80, (16, 29)),
    Rep("R1018", "Antti Laitinen", "Kuru and Ruovesi", 2, 2.5, 90, 89, (4, 12)),
    Rep("R1019", "Minna Suominen", "Vesilahti", 7, 2.9, 100, 92, (10, 18)),
    Rep("R1020", "Oskari Hirvonen", "Juupajoki", 5, 2.7, 94, 95, (8, 13)),
)  # fmt: skip
"""The team; the first is the source's case."""


def _quarter(rng: random.Random, rep: Rep, quarter: int) -> dict[str, str]:
    def around(value: float, spread: float, low: float, high: float) -> str:
        return f"{max(low, min(high, value + rng.uniform(-spread, spread))):.0f}"

    known, total = rep.vip_kol
    return {
        "period": PERIODS[quarter],
        "sales_vs_plan_pct": around(rep.results, 6, 60, 200),
        "sales_growth_pct": around((rep.results - 95) * 0.8, 3, -30, 60),
        "key_accounts": str(max(1, round(known / 3))),
        "vip_kol_known": str(max(0, known - 3 + quarter)),
        "vip_kol_total": str(total),
        "tenders_won": str(max(0, round((rep.results - 95) / 12 + rng.uniform(-0.5, 0.5)))),
        "report_compliance_pct": around(rep.process - 4, 6, 0, 100),
        "visit_compliance_pct": around(rep.process + 4, 6, 0, 100),
        "long_term_clients": str(round(known * 1.4 + rep.years)),
        "repeat_transactions": str(round(rep.results * (1.2 + known / 25))),
    }


def team_file(rng: random.Random) -> str:
    """The team as the import reads it: four quarters of 2025 per representative."""
    lines = [",".join(TEAM_COLUMNS)]
    for rep in TEAM:
        person = {
            "employee_id": rep.employee_id, "name": rep.name,
            "email": rep.name.lower().translate(str.maketrans("äöå ", "aoa.")) + "@example.com",
            "team": "Pirkanmaa", "territory": rep.territory, "role": "medical representative",
            "years_in_role": f"{rep.years:g}", "sales_experience_years": f"{rep.years + 2:g}",
            "education": "higher", "languages": "fi en",
        }  # fmt: skip
        for quarter in range(len(PERIODS)):
            values = person | _quarter(rng, rep, quarter)
            lines.append(",".join(values[name] for name in TEAM_COLUMNS))
    return "\n".join(lines) + "\n"


def load_team(
    rng: random.Random,
    manager: User,
    independent: User,
    catalogue: Catalogue,
    when: datetime,
    words: Words,
) -> None:
    """Import the team into ``manager``'s, and assess the representatives marked for it: the
    manager, and for ``both`` the ``independent`` rater too, score every KAM competency around
    the representative's true profile."""
    import_team(read_team_csv(team_file(rng)), manager)
    role = catalogue.role("kam")
    people = {p.employee_id: p for p in db.session.execute(db.select(Person)).scalars()}
    for number, rep in enumerate(r for r in TEAM if r.assessed):
        person = people[rep.employee_id]
        assessment = start_assessment(
            person, raters=[independent.id], by=manager, catalogue=catalogue,
            when=when - timedelta(days=20 - 2 * number),
        )  # fmt: skip
        interview = db.session.execute(
            db.select(Interview).where(Interview.candidate_id == assessment.id)
        ).scalar_one()
        cards = {s.interviewer_id: s for s in interview.scorecards}
        shaped = DemoCandidate(rep.name, 0, ("higher", 0, 0, "", None, None, None), "internal",
                               "", rep.base, dict(rep.offsets))  # fmt: skip
        truth = true_profile(role, shaped)
        keys = [c.key for c in role.competencies]
        for user in (manager, independent):
            if user is independent and rep.assessed != "both":
                continue  # assigned, not yet submitted: the verdict awaits them
            words.name = rep.name.split()[0]
            data = scorecard_input(rng, role, keys, truth, shaped, 0, (), words)
            save_scorecard(cards[user.id], user, role, data, submit=True)
    db.session.flush()
