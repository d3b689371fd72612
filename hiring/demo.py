"""A realistic, deterministic demo data set, loaded through the services (``flask demo``).

Every score comes from ``random.Random(2026)`` around a per-candidate "true profile" (a base
score plus offsets per cluster or competency), so two loads give the same data. Agreeing panels
score within one point of each other; on a candidate's ``split`` competencies the first rater of
each panel scores 1.5 points high and the last 1.5 low, a range of at least 2 (a disagreement).
Dates count back from a fixed day, never from now.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from hiring.demo_evidence import (
    evidence,
    in_language,
)
from hiring.demo_hires import load_hires
from hiring.demo_scores import (
    PERS,
    PROC,
    REL,
    STRAT,
    DemoCandidate,
    Words,
    scorecard_input,
    true_profile,
)
from hiring.demo_team import load_team
from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.extensions import db
from hiring.models import Candidate, Interview, Scorecard, User
from hiring.services.accounts import create_user
from hiring.services.evaluations import refreshes_deferred
from hiring.services.interviews import (
    amend_scorecard,
    input_from_revision,
    save_scorecard,
    schedule_interview,
)
from hiring.services.recruiting import create_candidate, create_opening, record_decision

SEED = 2026
DEMO_DATE = datetime(2026, 3, 2, tzinfo=UTC)
"""Interviews are scheduled in the weeks before this day."""
PASSWORD = "demo-password-2026"
USERS = (  # (login label, email, display name); the role is the label's first word
    ("admin", "admin@demo.example", "Aino Lindqvist"),
    ("recruiter", "recruiter@demo.example", "Riikka Saarinen"),
    ("interviewer", "interviewer1@demo.example", "Jari Kallio"),
    ("interviewer 2", "interviewer2@demo.example", "Eeva Rantanen"),
    ("interviewer 3", "interviewer3@demo.example", "Olli Tuominen"),
    ("manager", "manager@demo.example", "Petri Laaksonen"),
)
DEMO_LOGINS: dict[str, Any] = {
    "password": PASSWORD,
    "users": {label: email for label, email, _ in USERS},
}
PANEL_POOL = ("interviewer", "interviewer 2", "interviewer 3", "manager")
OPENINGS = {
    "kam": ("Key Account Manager, Helsinki hospital district", "Uusimaa", "Petri Laaksonen"),
    "medical_rep": ("Medical representative, Tampere region", "Pirkanmaa", "Satu Hiltunen"),
}
KINDS = {"i": "competency_interview", "r": "role_play", "c": "case"}
COVERS: dict[str, tuple[str, ...] | None] = {  # None: every competency of the role
    "competency_interview": None,
    "role_play": (
        "persuasion_negotiation", "adapting_to_people", "psychological_insight",
        "self_confidence_tact", "stress_resilience", "professional_presence",
    ),
    "case": ("strategic_analytical", "market_knowledge", "pricing_and_marketing"),
}  # fmt: skip
"""What each kind of interview covers: competency keys or whole clusters."""


CANDIDATES = (
    DemoCandidate("Katja Virtanen", 3, ("postgraduate", 12, 6, "fi,en,sv", 9, 48, 18.0),
        "external", "Six years as KAM for university hospitals at a generics company.",
        4.3, {STRAT: 0.3, PROC: -0.6}, "irc",
        decision=("advance", "Strong, consistent panel; invite to the final round.")),
    DemoCandidate("Mikko Lehtonen", 3, ("higher", 10, 4, "fi,en", 6, 25, 12.0),
        "external", "KAM for regional hospital pharmacies; led two tender wins.",
        4.0, {STRAT: 0.6, "charisma": -0.6}, "ic"),
    DemoCandidate("Hanna Mäkinen", 3, ("higher", 9, 3.5, "fi,sv,en", 7, 31, 14.5),
        "internal", "Current KAM in Turku, asks to move to Helsinki.",
        3.9, {STRAT: 0.5, REL: 0.3}, "ir", extra="amend"),
    DemoCandidate("Juha Nieminen", 2, ("higher", 6, 2, "fi,en", 3, 12, 6.0),
        "external", "Device sales to private clinics; KAM title for two years.",
        3.5, {REL: 0.1}, "irc", split=(REL, "lobbying", "integrity"),
        decision=("on_hold", "The panel is split on relationships; a second role play first.")),
    DemoCandidate("Sanna Heikkinen", 2, ("higher", 5, 1.5, "fi,en,de", 2, 9, 4.0),
        "external", "Key accounts in veterinary products.",
        3.5, {PERS: 0.3}, "ic", extra="draft"),
    DemoCandidate("Timo Koskinen", 2, ("higher", 8, 2.5, "fi,en", None, None, None),
        "external", "Brought no figures on his clients; ask for them.",
        3.3, {"commercial_proposals": 0.3}, "ir"),
    DemoCandidate("Marja Laine", 1, ("higher", 7, 0, "fi,en,ru", 14, None, 22.0),
        "internal", "Medical representative: the best territory results in the region, "
        "doctors trust her; CRM reports late and incomplete.",
        3.3, {REL: 1.4, PERS: 0.5, "lobbying": 0.6, PROC: -2.0}, "ir",
        decision=("advance", "Assess for the KAM track; reporting goes to a development plan.")),
    DemoCandidate("Antti Järvinen", 1, ("higher", 3, 0, "fi,en", None, None, None),
        "external", "Three years of B2B sales of laboratory supplies.",
        3.3, {}, "ir", split=(PERS, "stress_resilience"), flags=("late",)),
    DemoCandidate("Laura Hämäläinen", 1, ("vocational", 4, 0.5, "fi", 2, 6, None),
        "external", "Pharmacy chain sales; strong on presentations.",
        3.2, {"presentation": 0.6}, "i", extra="pending"),
    DemoCandidate("Pekka Salminen", 0, ("secondary", 1, 0, "fi", None, None, None),
        "external", "Retail background; applied for the KAM post directly.",
        2.3, {PERS: -0.3}, "ir", flags=("arguing", "interrupting"),
        decision=("reject", "Below the floors on persuasion and listening; argued in role play.")),
    DemoCandidate("Emilia Korhonen", 0, ("higher", 0.5, 0, "fi,en,sv", None, None, None),
        "external", "Pharmacy graduate; a medical representative post may suit her better.",
        3.0, {"product_knowledge": 1.0}, "i", flags=("not_knowing_client",)),
    DemoCandidate("Ville Heinonen", 0, ("higher", 5, 0, "fi,en", 1, 4, 2.0),
        "internal", "Inside sales; wants a field role.",
        2.6, {PERS: -0.4, "professional_presence": -0.3}, "ir", flags=("unprepared",)),
)  # fmt: skip


def _covered(role: ResolvedRole, kind: str) -> list[str] | None:
    wanted = COVERS[kind]
    if wanted is None:
        return None
    return [c.key for c in role.competencies if c.key in wanted or c.competency.cluster in wanted]


def _scorecards(interview: Interview) -> dict[int, Scorecard]:
    rows = db.session.execute(db.select(Scorecard).where(Scorecard.interview_id == interview.id))
    return {s.interviewer_id: s for s in rows.scalars()}


def _amend(scorecard: Scorecard, role: ResolvedRole, words: Words) -> None:
    """Amend a submitted scorecard: one point more on the strategic competencies."""
    revision = amend_scorecard(
        scorecard,
        scorecard.interviewer,
        in_language("Re-read my notes: the tender strategy was her own work.", words.lang),
    )
    data = input_from_revision(revision)
    for key, score in data.scores.items():
        entry = role.competency(key)
        if score is not None and entry is not None and entry.competency.cluster == STRAT:
            data.scores[key] = min(entry.scale.max, score + 1)
            if data.scores[key] == entry.scale.max:
                data.notes[key] = evidence(words.rng, STRAT, "high", words.lang, words.name)
    save_scorecard(scorecard, scorecard.interviewer, role, data, submit=True)


def load_demo(catalogue: Catalogue | None = None, *, lang: str = "en") -> None:
    """Create the demo users, openings, candidates, interviews, scorecards and decisions in an
    empty database, through the services, with what people write (notes, evidence, take-aways,
    reasons) in ``lang``. Flushes only: the caller commits. The stored evaluations are
    computed once each, at the end, as the services would have left them."""
    if catalogue is None:
        from hiring.catalogue_cache import current_catalogue

        catalogue = current_catalogue()
    with refreshes_deferred():
        _load(catalogue, lang)
    db.session.flush()


def _load(catalogue: Catalogue, lang: str) -> None:
    rng = random.Random(SEED)
    words = Words(random.Random(SEED + 1), lang)
    users: dict[str, User] = {
        label: create_user(email, name, label.split()[0], PASSWORD) for label, email, name in USERS
    }
    recruiter = users["recruiter"]
    named = {user.name: user.id for user in users.values()}
    openings = {
        key: create_opening(
            {
                "title": title,
                "role_key": key,
                "territory": area,
                "hiring_manager": manager,
                "hiring_manager_id": named.get(manager),  # the demo manager runs the KAM one
            },
            recruiter,
        )
        for key, (title, area, manager) in OPENINGS.items()
    }
    role = catalogue.role("kam")
    for index, person in enumerate(CANDIDATES):
        education, sales, kam, languages, clients, repeats, growth = person.facts
        candidate: Candidate = create_candidate(
            {
                "opening_id": openings["kam"].id,
                "name": person.name,
                "email": _email(person.name),
                "education": education,
                "sales_experience_years": sales,
                "kam_experience_years": kam,
                "languages": languages,
                "long_term_clients": clients,
                "repeat_transactions": repeats,
                "sales_growth_pct": growth,
                "source": person.source,
                "notes": in_language(person.note, lang),
            }
        )
        truth = true_profile(role, person)
        words.name = person.name.split()[0]
        flag_kind = "r" if "r" in person.kinds else person.kinds[0]
        first_card: Scorecard | None = None
        for number, letter in enumerate(person.kinds + ("r" if person.extra == "pending" else "")):
            kind = KINDS[letter]
            panel = [users[label] for label in rng.sample(PANEL_POOL, rng.choice((2, 3)))]
            interview = schedule_interview(
                candidate,
                scheduled_at=_when(index, number),
                kind=kind,
                interviewer_ids=[u.id for u in panel],
                competencies=_covered(role, kind),
                by=recruiter,
                catalogue=catalogue,
            )
            if number == len(person.kinds):  # the pending interview: nobody has scored it yet
                break
            cards = _scorecards(interview)
            keys = _covered(role, kind) or [c.key for c in role.competencies]
            for position, user in enumerate(panel):
                shift = 1 if position == 0 else -1 if position == len(panel) - 1 else 0
                flags = person.flags if position == 0 and letter == flag_kind else ()
                data = scorecard_input(rng, role, keys, truth, person, shift, flags, words)
                card = cards[user.id]
                first_card = first_card or card
                draft = person.extra == "draft" and number == len(person.kinds) - 1
                submit = not (draft and position == len(panel) - 1)  # one left in draft
                save_scorecard(card, user, role, data, submit=submit)
        if person.extra == "amend" and first_card is not None:
            _amend(first_card, role, words)
        if person.decision is not None:
            decision, reason = person.decision
            record_decision(candidate, decision, in_language(reason, lang), by=recruiter)
    load_team(rng, users["manager"], users["interviewer 2"], catalogue, DEMO_DATE, words)
    load_hires(users, PANEL_POOL, catalogue, lang)
    db.session.flush()


def _when(candidate: int, interview: int) -> datetime:
    """A weekday-morning slot in the five weeks before ``DEMO_DATE``, later for later rows."""
    return DEMO_DATE - timedelta(days=32 - 2 * candidate - 3 * interview, hours=-9 - 2 * interview)


def _email(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans("äöå ", "aoa."))
    return f"{ascii_name}@example.com"
