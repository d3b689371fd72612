"""The data model: plain mapped classes with trivial properties. Use cases live in services."""

from hiring.models.audit import AUDIT_ACTIONS, AUDIT_SUBJECTS, AuditEntry
from hiring.models.base import Base
from hiring.models.evaluations import (
    PanelBucket,
    PanelItemBucket,
    PanelPairBucket,
    PanelRaterBucket,
    PanelShare,
    StoredEvaluation,
)
from hiring.models.interviews import (
    INTERVIEW_EVENTS,
    INTERVIEW_KINDS,
    RECOMMENDATIONS,
    Interview,
    InterviewEvent,
    Rating,
    RubricSnapshot,
    Scorecard,
    ScorecardReminder,
    ScorecardRevision,
)
from hiring.models.people import (
    ApplicantActivity,
    EmploymentEnd,
    FieldPeriod,
    KamAccount,
    KamAccountProgress,
    Person,
)
from hiring.models.recruiting import (
    CANDIDATE_STATUSES,
    DECISIONS,
    PURPOSES,
    STATUS_AFTER,
    Candidate,
    DebriefNote,
    Decision,
    Opening,
)
from hiring.models.reports import ReportJob, ReportJobItem
from hiring.models.self_assessments import SelfAnswer, SelfAssessment
from hiring.models.users import API_SCOPES, ROLES, ApiToken, LoginThrottle, TwoStep, User

__all__ = [
    "API_SCOPES",
    "AUDIT_ACTIONS",
    "AUDIT_SUBJECTS",
    "CANDIDATE_STATUSES",
    "DECISIONS",
    "INTERVIEW_EVENTS",
    "INTERVIEW_KINDS",
    "PURPOSES",
    "RECOMMENDATIONS",
    "ROLES",
    "STATUS_AFTER",
    "ApiToken",
    "ApplicantActivity",
    "AuditEntry",
    "Base",
    "Candidate",
    "DebriefNote",
    "Decision",
    "EmploymentEnd",
    "FieldPeriod",
    "Interview",
    "InterviewEvent",
    "KamAccount",
    "KamAccountProgress",
    "LoginThrottle",
    "Opening",
    "PanelBucket",
    "PanelItemBucket",
    "PanelPairBucket",
    "PanelRaterBucket",
    "PanelShare",
    "Person",
    "Rating",
    "ReportJob",
    "ReportJobItem",
    "RubricSnapshot",
    "Scorecard",
    "ScorecardReminder",
    "ScorecardRevision",
    "SelfAnswer",
    "SelfAssessment",
    "StoredEvaluation",
    "TwoStep",
    "User",
]
