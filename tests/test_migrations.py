"""Migrations upgrade an empty database, downgrade to nothing, upgrade again, and match the models."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from config import TestConfig

MIGRATIONS = str(Path(__file__).resolve().parents[1] / "migrations")


@pytest.fixture
def empty_database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    # A database of its own, so the migration test never touches the suite's tables.
    target = make_url(url).set(database=f"{make_url(url).database}_migrations")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def test_single_head():
    from alembic.config import Config

    config = Config(os.path.join(MIGRATIONS, "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_downgrade_upgrade_and_match_models(empty_database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert "user" in inspect(db.engine).get_table_names()
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        db.engine.dispose()
