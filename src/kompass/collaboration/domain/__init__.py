"""Collaboration logic: access, projects and partners, assessments, the account."""
