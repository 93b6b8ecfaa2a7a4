"""Deployable securely from the environment: HTTPS settings, secure cookies and a strict
Content-Security-Policy, each set by an environment variable (docs/settings.md)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kompass.settings import _proxy_ssl_header
from tests.surveys.conftest import tiny_framework  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k" * 20 + "ompass-" + "x9Q#rT7!mZ2$vB8&nL4*" * 3,
    "ALLOWED_HOSTS": "kompass.example.se",
    "SECURE_COOKIES": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_SSL_REDIRECT": "True",
}


def _check(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SECURE_")
        and key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(PRODUCTION, KOMPASS_DATA_DIR=str(tmp_path), **extra)
    command = [str(Path(sys.executable).parent / "kompass"), "check", "--deploy"]
    return subprocess.run(
        [*command, "--fail-level", "WARNING"], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.subprocess
def test_the_deployment_check_passes_with_the_documented_production_settings(tmp_path):
    done = _check(tmp_path, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.subprocess
def test_without_hsts_the_deployment_check_fails(tmp_path):
    """The check is real: leave one setting out and it names it."""
    done = _check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert done.returncode != 0
    assert "security.W004" in done.stdout + done.stderr


def test_every_security_variable_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in [
        "SECURE_COOKIES",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "CONTENT_SECURITY_POLICY",
    ]:
        assert f"| `{name}` |" in text, name


def test_the_proxy_header_is_read_as_header_and_value():
    assert _proxy_ssl_header("HTTP_X_FORWARDED_PROTO,https") == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )
    assert _proxy_ssl_header("") is None
    for wrong in ("X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO", "X_FORWARDED_PROTO,https"):
        with pytest.raises(ValueError, match="SECURE_PROXY_SSL_HEADER"):
            _proxy_ssl_header(wrong)


@pytest.mark.django_db
def test_every_answer_carries_the_strict_policy(client, cast):
    client.force_login(cast["owner"])
    for url in ["/", "/konto/logga-in/", "/organisationer/", "/finns-inte/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert "unsafe" not in policy
        assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_handlers_or_styles():
    """What the policy would refuse in a browser is not in the templates: no inline
    `<script>` body, no `on…=` handler, no `style=` attribute, no `javascript:` URL."""
    offenders = []
    for path in (ROOT / "src" / "kompass").rglob("templates/**/*.html"):
        if path.name == "report_standalone.html":  # a downloaded file, not a page
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            r"[\"']\s*javascript:",
            r"<style",
        ):
            if re.search(pattern, text, flags=re.I):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_charts_in_pages_draw_without_style_attributes():
    from kompass.reports.charts import BarChart, Series, to_svg

    svg = to_svg(BarChart(categories=["a", "b"], series=[Series("x", [1, 2])]), key="t")
    assert "style" not in svg
    assert 'fill="#0072b2"' in svg or "fill=" in svg


def test_only_the_survey_preview_may_be_framed_and_only_by_our_pages(
    cast,
    client_for,
    tiny_framework,  # noqa: F811
):
    from django.urls import reverse

    client = client_for(cast["admin"])
    page = client.get("/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    url = reverse("surveys:instrument_preview_form", args=[tiny_framework.identifier])
    framed = client.get(url)
    assert framed.status_code == 200, framed.status_code
    policy = framed["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "'none'" not in policy.split("frame-ancestors")[1]
    assert "script-src 'self'" in policy
