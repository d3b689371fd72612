"""What people read for the stored codes (statuses, kinds, decisions): one place, translated
lazily into the reader's language."""

from __future__ import annotations

from hiring.i18n import lazy_gettext as _l

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
LANGUAGE_LABELS = {"en": _l("English"), "fi": _l("Finnish")}
"""A document's or a link's language, named in the reader's language (the language choices
themselves name each language in its own: English, suomi)."""
SOURCE_LABELS = {"external": _l("External applicant"), "internal": _l("Internal representative")}
KIND_LABELS = {
    "competency_interview": _l("Competency interview"),
    "role_play": _l("Role play"),
    "case": _l("Case"),
    "manager_assessment": _l("Manager's assessment"),
}
INTERVIEW_FORM_KINDS = ("competency_interview", "role_play", "case")
"""The kinds a recruiter schedules; a manager's assessment is started from the person's page."""
DECISION_LABELS = {
    "advance": _l("Advance to the next stage"),
    "offer": _l("Make an offer"),
    "hire": _l("Hire"),
    "reject": _l("Reject"),
    "on_hold": _l("On hold"),
    "withdraw": _l("The candidate withdrew"),
}
STATUS_LABELS = {
    "active": _l("Active"),
    "advanced": _l("Advanced"),
    "offer": _l("Offer"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
    "on_hold": _l("On hold"),
    "withdrawn": _l("Withdrawn"),
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
READINESS_LABELS = {
    "ready_now": _l("Ready now"),
    "ready_with_development": _l("Ready with development"),
    "not_a_fit": _l("Not a fit"),
    "not_yet_known": _l("Not yet known"),
    "awaiting_independent": _l("Awaiting an independent rater"),
    "not_assessed": _l("Not assessed"),
}
"""The readiness verdicts (:mod:`hiring.domain.readiness`), and the talent pool's two states
besides them."""
FIELD_LABELS = {
    "sales_vs_plan_pct": _l("Sales against plan (%)"),
    "sales_growth_pct": _l("Sales growth (%)"),
    "key_accounts": _l("Key accounts"),
    "vip_kol_known": _l("VIPs and KOLs known"),
    "vip_kol_total": _l("VIPs and KOLs in the territory"),
    "tenders_won": _l("Tenders won"),
    "report_compliance_pct": _l("Report compliance (%)"),
    "visit_compliance_pct": _l("Visit-standard compliance (%)"),
    "long_term_clients": _l("Long-term clients"),
    "repeat_transactions": _l("Repeat transactions"),
}
OUTCOME_LABELS = {
    "sales_vs_plan_pct": _l("Sales against plan (%)"),
    "sales_growth_pct": _l("Sales growth (%)"),
    "vip_kol_coverage_pct": _l("Share of the territory's VIPs and KOLs known (%)"),
    "manager_rating": _l("The manager's later assessment (fit)"),
    "retained_6m": _l("Still employed 6 months after the hire"),
    "retained_12m": _l("Still employed 12 months after the hire"),
}
"""The later results a hire is judged by (every code of
:data:`hiring.domain.validity.OUTCOMES`)."""
PREDICTOR_LABELS = {
    "fit": _l("Fit to the role profile"),
    "kam_level": _l("KAM level"),
}
"""The hiring result's overall figures; competencies are named by the rubric."""
NINE_BOX_LABELS = {
    "kam_now": _l("KAM candidates now"),
    "kam_develop": _l("KAM candidates with development"),
    "kam_check": _l("Strong KAM fit, weaker field results: look at why"),
    "field_star": _l("Strong in the field"),
    "core": _l("Solid in their role"),
    "support": _l("Needs support"),
}
"""What each 9-box cell suggests looking at (:data:`hiring.domain.nine_box.BOX_ADVICE`)."""
BAND_LABELS = {"low": _l("low"), "medium": _l("medium"), "high": _l("high")}
ACCOUNT_KIND_LABELS = {
    "vip": _l("VIP client"),
    "kol": _l("Key opinion leader (KOL)"),
    "key_account": _l("Key account"),
}
DEVELOPMENT_LEVEL_LABELS = {
    1: _l("D1: new to this account"),
    2: _l("D2: learning the account"),
    3: _l("D3: capable, gaining confidence"),
    4: _l("D4: independent on this account"),
}
LEADERSHIP_STYLES = {
    1: _l("Direct: set detailed goals together, agree a joint plan and follow it step by step."),
    2: _l(
        "Coach: agree the goals together, review the plan often, explain the decisions and "
        "encourage."
    ),
    3: _l(
        "Support: agree the goals for this VIP or KOL, a budget and its purpose; listen and "
        "back the KAM's own decisions."
    ),
    4: _l("Delegate: agree the goals and the budget, then trust; look at results, not visits."),
}
"""What each development level calls for from the manager (situational leadership, as the
source describes managing KAMs). No level comes with a visit quota."""

AUDIT_ACTION_LABELS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "password_changed": _l("Changed their password"),
    "two_step_enabled": _l("Turned two-step login on"),
    "two_step_disabled": _l("Turned two-step login off"),
    "two_step_reset": _l("Reset a user's two-step login"),
    "user_added": _l("Added a user"),
    "user_role_changed": _l("Changed a user's role"),
    "user_password_reset": _l("Reset a user's password"),
    "user_deactivated": _l("Deactivated a user"),
    "user_activated": _l("Activated a user"),
    "scorecard_submitted": _l("Submitted a scorecard"),
    "scorecard_amended": _l("Opened an amendment of a scorecard"),
    "decision_recorded": _l("Recorded a decision"),
    "document_issued": _l("Took a document"),
    "data_exported": _l("Exported data"),
    "data_imported": _l("Imported data"),
    "person_erased": _l("Erased a person"),
    "retention_purge": _l("Purged data past retention"),
    "self_assessment_issued": _l("Issued a self-assessment link"),
    "self_assessment_revoked": _l("Revoked a self-assessment link"),
    "self_assessment_opened": _l("Opened the self-assessment"),
    "self_assessment_submitted": _l("Submitted the self-assessment"),
    "self_assessment_declined": _l("Declined the self-assessment"),
    "api_token_created": _l("Created an API token"),
    "api_token_revoked": _l("Revoked an API token"),
    "debrief_noted": _l("Recorded debrief notes"),
    "employee_linked": _l("Linked a hire to an employee record"),
    "employment_ended": _l("Recorded that an employee left"),
}
"""What an audit entry records, in the reader's language (every code of
:data:`hiring.models.audit.AUDIT_ACTIONS`)."""
AUDIT_SUBJECT_LABELS = {
    "candidate": _l("Candidate"),
    "person": _l("Person"),
    "opening": _l("Opening"),
    "user": _l("User"),
    "scorecard": _l("Scorecard"),
    "decision": _l("Decision"),
    "self_assessment": _l("Self-assessment"),
    "batch": _l("Batch"),
    "audit_log": _l("Audit log"),
    "api_token": _l("API token"),
}
