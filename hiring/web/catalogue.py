"""The read-only catalogue: role profiles, their competencies and targets, and the rubric's
anchors, for anyone deciding what to assess."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.catalogue_cache import current_catalogue
from hiring.config import LANGUAGES
from hiring.domain.role_data import role_as_dict
from hiring.extensions import db
from hiring.i18n import language
from hiring.services.accounts import remember_language

bp = Blueprint("catalogue", __name__)


@bp.app_context_processor
def _language() -> dict[str, object]:
    return {"lang": language(), "languages": LANGUAGES}


@bp.get("/rubrics")
def index() -> str:
    catalogue = current_catalogue()
    roles = [role_as_dict(role) for role in catalogue.roles.values()]
    libraries = list(catalogue.libraries.values())
    return render_template("catalogue/index.html", roles=roles, libraries=libraries)


@bp.get("/rubrics/roles/<key>")
def role(key: str) -> str:
    catalogue = current_catalogue()
    if key not in catalogue.roles:
        abort(404)
    return render_template("catalogue/role.html", role=role_as_dict(catalogue.roles[key]))


@bp.get("/rubrics/competencies/<key>")
def competency(key: str) -> str:
    for library in current_catalogue().libraries.values():
        for item in library.competencies:
            if item.key == key:
                clusters = {c.key: c for c in library.clusters}
                return render_template(
                    "catalogue/competency.html",
                    competency=item,
                    cluster=clusters[item.cluster],
                    scale=item.scale or library.scale,
                )
    abort(404)


@bp.get("/language/<code>")
def set_language(code: str) -> Response:
    """Remember the chosen language and go back to the page it was chosen on."""
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated and current_user.language != code:
        remember_language(current_user, code)  # their reminders are written in it
        db.session.commit()
    target = request.args.get("next", "")
    return redirect(target if is_safe_path(target) else url_for("home"))


def is_safe_path(target: str) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative ``//host``, and no
    control character (a line break cannot go into the ``Location`` header: it was a server
    error)."""
    parts = urlsplit(target)
    return (
        bool(target)
        and target.startswith("/")
        and not target.startswith("//")
        and not (parts.scheme or parts.netloc)
        and "\\" not in target
        and not any(ord(character) < 32 or ord(character) == 127 for character in target)
    )
