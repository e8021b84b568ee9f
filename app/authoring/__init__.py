"""Authoring for trainers: drafts, preview, validation, publishing versions, ZIP import/export, analytics."""
