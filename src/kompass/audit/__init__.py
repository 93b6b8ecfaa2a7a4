"""One audit trail for every domain: who changed what, when, from what to what.

Domain functions record their changes here (`kompass.audit.trail`), in the same
transaction as the change, with the user they were given: a signal would not know who
acted. The command line records who ran it (`kompass.audit.actor`). Apps say how their
objects appear in the trail (`kompass.audit.kinds`): which organisation an object belongs
to, which page shows it, which fields are never copied into the trail.

This app sits just above `core` so that every app, `accounts` included, can record; the
pages, the export and `kompass audit list` are in `kompass.governance`.
"""
