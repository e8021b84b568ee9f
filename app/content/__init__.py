"""The course format: parse, validate and render course folders.

Pure Python without Flask, so the CLI, the authoring editor and the tests share it.
"""
from app.content.loader import load_tree
from app.content.problems import Problem
from app.content.validate import validate_tree

__all__ = ["Problem", "load_tree", "validate_tree"]
