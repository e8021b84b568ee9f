"""AVG rights: what the platform holds about a person, erasure, and the retention rules."""
