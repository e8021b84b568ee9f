from flask_wtf import FlaskForm


class AttemptForm(FlaskForm):
    """CSRF only: the options and choices are plain inputs checked against the attempt's state."""
