from flask_wtf import FlaskForm


class CompleteLessonForm(FlaskForm):
    """Only carries the CSRF token: the button says where it goes."""
