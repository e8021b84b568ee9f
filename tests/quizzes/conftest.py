from __future__ import annotations

import re

import pytest

from app.courses.services import sync_courses
from tests.conftest import csrf_from
from tests.coursefiles import activity_course

QUIZ = "/leren/testcursus/verder/toets"
SCENARIO = "/leren/testcursus/verder/tribune"


@pytest.fixture
def activities(db, tmp_path):
    version = sync_courses(activity_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return version


@pytest.fixture
def make_activities(db, tmp_path):
    def make(scoring="ending", pass_mark=6):
        version = sync_courses(activity_course(tmp_path / f"courses-{scoring}-{pass_mark}", scoring, pass_mark)).created[0]
        db.session.commit()
        return version

    return make


class Player:
    """Plays a knowledge check or scenario through the pages, as a member does."""

    def __init__(self, client, base):
        self.client = client
        self.base = base

    def start(self):
        token = csrf_from(self.client.get(self.base).get_data(as_text=True))
        response = self.client.post(self.base + "/pogingen", data={"csrf_token": token})
        assert response.status_code == 302, response.status_code
        self.url = response.headers["Location"]
        return self.url

    def page(self, url=None):
        return self.client.get(url or self.url).get_data(as_text=True)

    def token(self):
        return csrf_from(self.page())

    def answer(self, step, *options, token=None):
        data = {"csrf_token": token or self.token(), "stap": str(step), "antwoord": list(options)}
        return self.client.post(self.url, data=data)

    def choose(self, situation, choice, token=None):
        data = {"csrf_token": token or self.token(), "situatie": situation, "keuze": choice}
        return self.client.post(self.url, data=data)

    @property
    def attempt_id(self):
        return int(re.search(r"/pogingen/(\d+)", self.url).group(1))


@pytest.fixture
def quiz_player(client):
    return Player(client, QUIZ)


@pytest.fixture
def scenario_player(client):
    return Player(client, SCENARIO)
