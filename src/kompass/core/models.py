"""Pieces of models that several domains share."""

from django.conf import settings
from django.db import models


class Tracked(models.Model):
    """Who created a row and when it was created and last changed: the minimum an
    administrator needs to answer "where did this come from?"."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
