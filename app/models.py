"""Imports every model so metadata (and so Alembic) sees all tables."""
from app.auth.models import User
from app.certificates.models import Certificate, OrganisationCertificate
from app.courses.models import Course, CourseAsset, CourseVersion, Lesson, Module
from app.griffie.models import Assignment, Group, Reminder
from app.learn.models import Enrollment, LessonProgress
from app.organisations.models import Organisation
from app.quizzes.models import Answer, Attempt

__all__ = ["Answer", "Assignment", "Attempt", "Certificate", "Course", "CourseAsset", "CourseVersion", "Enrollment", "Group", "Lesson", "LessonProgress", "Module", "Organisation", "OrganisationCertificate", "Reminder", "User"]
