"""Imports every model so metadata (and so Alembic) sees all tables."""
from app.audit.models import AuditEntry
from app.auth.models import RecoveryCode, User, UserSession
from app.authoring.models import CourseDraft, DraftAsset, Publication
from app.certificates.models import Certificate, OrganisationCertificate
from app.courses.models import Course, CourseAsset, CourseVersion, Lesson, Module
from app.assignments.models import Assignment, Group
from app.griffie.models import Reminder
from app.jobs.models import Job
from app.learn.models import Enrollment, LessonProgress
from app.localinfo.models import LocalInfo
from app.mail.models import OutboundEmail
from app.organisations.models import Organisation
from app.quizzes.models import Answer, Attempt
from app.turnover.models import Turnover, TurnoverStep

__all__ = ["Answer", "Assignment", "AuditEntry", "Attempt", "Certificate", "Course", "CourseAsset", "CourseDraft", "CourseVersion",
           "DraftAsset", "Enrollment", "Group", "Job", "Lesson", "LessonProgress", "LocalInfo", "Module", "Organisation",
           "OrganisationCertificate", "OutboundEmail", "Publication", "RecoveryCode", "Reminder", "Turnover", "TurnoverStep", "User", "UserSession"]
