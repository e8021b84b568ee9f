"""Who must take which course: groups, assignments and deadlines.

Shared below learn, griffie and certificates: they all read it, and it imports none of them.
"""
