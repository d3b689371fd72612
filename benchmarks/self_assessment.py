"""The candidate's questionnaire: a page of 15 statements, and saving it, against the login page.

In one process, on a SQLite database with the demo data: the app's login page (a form with a
CSRF token, the cheapest page a person meets), a questionnaire page of 15 statements of the
KAM role, and saving that page (15 answers, one row each, the resume point moved on). Each is
requested ``REQUESTS`` times per round over ``ROUNDS`` interleaved rounds; the figures are
medians. Targets, as ratios to the login page: a questionnaire page at most 4, a save at most 6
(a save writes 15 rows and answers with a redirect).

Run with ``python -m benchmarks.self_assessment``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Targets, interleaved_medians, make_app

REQUESTS = 50
ROUNDS = 7
TARGETS = {"questionnaire page": 4.0, "save a page": 6.0}


def main() -> int:
    from flask_migrate import upgrade

    from hiring.catalogue_cache import current_catalogue
    from hiring.demo import load_demo
    from hiring.domain.self_assessment import SituationItem
    from hiring.extensions import db
    from hiring.models import Candidate, User
    from hiring.services.self_assessments import (
        give_consent,
        issue_self_assessment,
        role_and_questionnaire,
    )

    targets = Targets("Self-assessment: time per request against the login page, in process")
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{Path(folder) / 'self.sqlite'}", WTF_CSRF_ENABLED=False)
        with app.app_context():
            upgrade()
            load_demo()
            db.session.commit()
            candidate = db.session.execute(db.select(Candidate)).scalars().first()
            recruiter = (
                db.session.execute(db.select(User).where(User.role == "recruiter"))
                .scalars()
                .first()
            )
            assert candidate is not None
            assert recruiter is not None
            issued = issue_self_assessment(
                candidate, recruiter, days=14, lang="fi", catalogue=current_catalogue()
            )
            give_consent(issued.assessment)
            db.session.commit()
            page = role_and_questionnaire(issued.assessment)[1].pages[0]
            assert len(page.items) == 15, len(page.items)
            assert not any(isinstance(item, SituationItem) for item in page.items)
            answers = {f"item_{n}": "4" for n in range(1, 16)} | {"next": "1"}
            url = f"/s/{issued.token}/page/1"
        client = app.test_client()

        def timed(request) -> float:
            start = time.perf_counter()
            for _ in range(REQUESTS):
                response = request()
                assert response.status_code in (200, 302), response.status_code
            return (time.perf_counter() - start) / REQUESTS

        for warm in (lambda: client.get("/login"), lambda: client.get(url)):
            timed(warm)
        medians = interleaved_medians(
            {
                "login page": lambda: timed(lambda: client.get("/login")),
                "questionnaire page": lambda: timed(lambda: client.get(url)),
                "save a page": lambda: timed(lambda: client.post(url, data=answers)),
            },
            ROUNDS,
        )
    print(f"median of {ROUNDS} interleaved rounds of {REQUESTS} requests")
    for name, seconds in medians.items():
        print(f"  {name:<20} {seconds * 1000:7.2f} ms")
    for name, limit in TARGETS.items():
        targets.at_most(f"{name} / login page", medians[name] / medians["login page"], limit)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
