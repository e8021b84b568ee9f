"""What the learning package announces. Others subscribe; learn never imports them to tell them.

    course_completed.send(enrollment)   # sender: the Enrollment that just became complete
"""
from __future__ import annotations

from blinker import Namespace

signals = Namespace()
course_completed = signals.signal("course-completed")
