"""The audit trail: what staff did, append-only from the app's point of view.

Every feature records through `record` (plain arguments, for services and the CLI) or
`record_request` (fills in the person and address from the current request, for routes).
Nothing in the app updates or deletes an entry, except the retention rule.
"""
