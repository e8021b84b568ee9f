from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.auth.models import Function, Role, User
from app.certificates.models import Certificate
from app.certificates.codes import new_code
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind

PASSWORD = "een-goed-wachtwoord"
# Staff made by the factory are enrolled with this TOTP secret (staff must have a second factor).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    kind = OrganisationKind.GEMEENTE


class UserFactory(Base):
    class Meta:
        model = User

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"persoon{n}@gemeente.example")
    name = factory.Sequence(lambda n: f"Persoon {n}")
    role = Role.MEMBER
    function = factory.LazyAttribute(lambda o: Function.RAADSLID if o.role == Role.MEMBER else None)
    active = True

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs) -> None:
        from app.auth.passwords import hash_password

        if extracted is not False:
            obj.password_hash = hash_password(extracted or PASSWORD)

    @factory.post_generation
    def second_factor(obj: User, create: bool, extracted: bool | None, **kwargs) -> None:
        from app.auth.totp import encrypt_secret
        from app.db_types import utcnow

        if extracted or (extracted is None and obj.role != Role.MEMBER):
            obj.totp_secret = encrypt_secret(TOTP_SECRET)
            obj.totp_enabled_at = utcnow()


class CertificateFactory(Base):
    """A certificate for a member, without walking a course: for list and access tests."""

    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    code = factory.LazyFunction(new_code)
    name = factory.LazyAttribute(lambda o: o.user.name)
    course_title = "Testcursus"
    course_version = 1
    organisation_name = factory.LazyAttribute(lambda o: o.user.organisation.name)
    pdf = b"%PDF-1.4 test"

    @factory.lazy_attribute
    def organisation_id(self):
        return self.user.organisation_id

    @factory.lazy_attribute
    def course_id(self):
        return _version().course_id

    @factory.lazy_attribute
    def version_id(self):
        return _version().id


def _version():
    """One course version shared by factory-made certificates."""
    from sqlalchemy import select

    from app.courses.models import Course, CourseVersion

    version = db.session.scalar(select(CourseVersion).limit(1))
    if version is None:
        course = Course(slug="fabriekscursus")
        version = CourseVersion(course=course, number=1, content_hash="0" * 64, title="Testcursus", summary="S")
        db.session.add(version)
        db.session.flush()
    return version
