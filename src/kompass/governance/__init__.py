"""Governance: the audit trail's pages, export and `kompass audit list`; data protection
(retention rules and their job, a person's data export and erasure).

Above the domain apps' shared mechanisms and beside the domain apps: it reads the trail
and every app's personal data through registries and Django's model metadata, never by
importing a domain app.
"""
