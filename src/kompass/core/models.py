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


class OutboxMessage(models.Model):
    """A mail kept in the local outbox instead of being sent (`kompass.core.mail`: when
    EMAIL_HOST is not set). `tag` is what the sender marked it with (e.g. "survey:12"),
    so an app can show its own mails to the people who may read them."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sender = models.CharField(max_length=300)
    to = models.TextField()
    subject = models.CharField(max_length=500)
    body = models.TextField()
    tag = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "utgående e-post"
        verbose_name_plural = "utgående e-post"

    def __str__(self) -> str:
        return self.subject
