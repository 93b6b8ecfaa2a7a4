from django.contrib import admin

from kompass.audit import trail
from kompass.governance.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """How long each kind of personal data is kept. A period of zero or fewer days is
    refused (the model's validator, in Swedish); every change enters the trail."""

    list_display = ("kind", "days", "reason", "updated_by", "updated_at")
    fields = ("kind", "days", "reason")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if change:
            before = RetentionRule.objects.get(pk=obj.pk)
            with trail.changing(user=request.user, obj=before, fields=("days", "reason")):
                before.days, before.reason, before.updated_by = obj.days, obj.reason, request.user
                before.save()
            return
        obj.save()
        trail.created(user=request.user, obj=obj)

    def delete_model(self, request, obj):
        trail.deleted(user=request.user, obj=obj)
        obj.delete()
