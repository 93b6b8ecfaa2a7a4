from django.contrib import admin

from kompass.evaluations.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only here: scores and texts change in the app, where every change is audited
    (the trail is on the evaluation's page "Ändringslogg")."""

    list_display = ("organisation", "date", "framework", "status", "is_example")
    list_filter = ("status", "framework", "is_example")
    search_fields = ("organisation__name", "organisation__code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
