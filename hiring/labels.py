"""What people read for the stored codes (statuses, kinds, decisions): one place, translated
lazily into the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "recruiter": _l("Recruiter"),
    "interviewer": _l("Interviewer"),
    "manager": _l("Sales manager"),
}

EDUCATION_LABELS = {
    "": _l("Unknown"),
    "none": _l("No formal education"),
    "secondary": _l("Secondary"),
    "vocational": _l("Vocational"),
    "higher": _l("Higher (university or college degree)"),
    "postgraduate": _l("Postgraduate"),
}
SOURCE_LABELS = {"external": _l("External applicant"), "internal": _l("Internal representative")}
KIND_LABELS = {
    "competency_interview": _l("Competency interview"),
    "role_play": _l("Role play"),
    "case": _l("Case"),
}
DECISION_LABELS = {
    "advance": _l("Advance to the next stage"),
    "offer": _l("Make an offer"),
    "hire": _l("Hire"),
    "reject": _l("Reject"),
    "on_hold": _l("On hold"),
}
STATUS_LABELS = {
    "active": _l("Active"),
    "advanced": _l("Advanced"),
    "offer": _l("Offer"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
    "on_hold": _l("On hold"),
}
RECOMMENDATION_LABELS = {
    "strong_no": _l("Strong no"),
    "no": _l("No"),
    "yes": _l("Yes"),
    "strong_yes": _l("Strong yes"),
}
SELF_STATE_LABELS = {
    "issued": _l("Link issued, not opened yet"),
    "opened": _l("Opened, consent not given yet"),
    "in_progress": _l("In progress"),
    "submitted": _l("Submitted"),
    "declined": _l("Declined to take part"),
    "expired": _l("Expired before it was submitted"),
    "revoked": _l("Revoked"),
}
