"""What the learning package announces. Others subscribe; learn never imports them to tell them.

    course_completed.send(enrollment)   # sender: the Enrollment that just became complete
    refresher_attempt_finished.send(attempt)   # sender: a finished Attempt at a refresher step
"""
from __future__ import annotations

from blinker import Namespace

signals = Namespace()
course_completed = signals.signal("course-completed")
refresher_attempt_finished = signals.signal("refresher-attempt-finished")
