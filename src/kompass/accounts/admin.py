from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompass.accounts.models import ApiToken, Membership, SignInRule, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]
    readonly_fields = ["from_sign_in_rule"]


@admin.register(User)
class KompassUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Kompass"), {"fields": ("is_evaluator",)}))
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_evaluator",
        "is_superuser",
        "is_active",
    )
    list_filter = ("is_evaluator", "is_superuser", "is_active")
    inlines = [MembershipInline]


def configured_providers() -> list[tuple[str, str]]:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return [(app["provider_id"], f"{app['name']} ({app['provider_id']})") for app in apps]


class SignInRuleForm(forms.ModelForm):
    class Meta:
        model = SignInRule
        fields = [
            "provider",
            "claim_value",
            "organisation",
            "role",
            "grants_evaluator",
            "grants_administrator",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = configured_providers()
        current = self.instance.provider if self.instance.pk else None
        if current and current not in dict(choices):
            choices.append((current, _("%(id)s (inte konfigurerad)") % {"id": current}))
        self.fields["provider"] = forms.ChoiceField(
            label=SignInRule._meta.get_field("provider").verbose_name,
            choices=[("", "---------"), *choices],
            help_text=_("Leverantörerna som står i KOMPASS_OIDC_PROVIDERS."),
        )


@admin.register(SignInRule)
class SignInRuleAdmin(admin.ModelAdmin):
    form = SignInRuleForm
    list_display = (
        "provider",
        "claim_value",
        "organisation",
        "role",
        "grants_evaluator",
        "grants_administrator",
    )
    list_filter = ("provider", "role", "grants_evaluator", "grants_administrator")
    search_fields = ("claim_value", "organisation__name")
    autocomplete_fields = ["organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are created by their owner, who sees the key once

    @admin.action(description=_("Återkalla valda nycklar"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
