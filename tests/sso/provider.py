"""The local identity provider and helpers to sign in through it (fixtures imported by
tests/sso/conftest.py and tests/browser/conftest.py).

`identity_provider` starts tests/sso/idp as a separate process once per test session
(per xdist worker) with a fresh RSA key; `oidc_settings` points Kompass at it.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kompass.accounts.sso.config import OIDCProvider, socialaccount_providers

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_ID = "leksand"
PROVIDER_NAME = "Leksands kommun"


@dataclass
class IdentityProvider:
    base_url: str
    issuer: str
    client_id: str
    client_secret: str
    control_secret: str

    def configure(self, *, users=(), redirect_uris=(), fault=None) -> None:
        body: dict = {"users": list(users), "redirect_uris": list(redirect_uris)}
        if fault is not None:
            body["fault"] = fault
        response = httpx.post(
            f"{self.base_url}/control/",
            content=json.dumps(body),
            headers={"X-Control-Secret": self.control_secret},
            timeout=10,
        )
        response.raise_for_status()

    def add_user(self, username, *, groups, password="idp-lösen-1", **claims) -> dict:
        user = {"username": username, "password": password, "groups": list(groups), **claims}
        self.configure(users=[user])
        return user


@pytest.fixture(scope="session")
def identity_provider():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    workdir = tempfile.mkdtemp(prefix="kompass-idp-")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.sso.idp.settings",
        "IDP_DB": os.path.join(workdir, "idp.sqlite3"),
        "IDP_RSA_KEY": pem,
        "IDP_CLIENT_ID": "kompass-" + secrets.token_hex(4),
        "IDP_CLIENT_SECRET": secrets.token_urlsafe(24),
        "IDP_CONTROL_SECRET": secrets.token_urlsafe(24),
    }
    log = open(os.path.join(workdir, "idp.log"), "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.idp.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.match(r"PORT (\d+)", line or "")
        if not match:
            process.wait(timeout=10)
            raise RuntimeError(
                "Identitetsleverantören startade inte: " + Path(log.name).read_text()[-2000:]
            )
        base = f"http://127.0.0.1:{match.group(1)}"
        discovery = httpx.get(f"{base}/o/.well-known/openid-configuration", timeout=10).json()
        yield IdentityProvider(
            base_url=base,
            issuer=discovery["issuer"],
            client_id=env["IDP_CLIENT_ID"],
            client_secret=env["IDP_CLIENT_SECRET"],
            control_secret=env["IDP_CONTROL_SECRET"],
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def idp(identity_provider):
    """The provider, reset to issue correct tokens."""
    identity_provider.configure(fault="none")
    yield identity_provider
    identity_provider.configure(fault="none")


@pytest.fixture
def oidc_settings(settings, idp):
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        [
            OIDCProvider(
                id=PROVIDER_ID,
                name=PROVIDER_NAME,
                issuer=idp.issuer,
                client_id=idp.client_id,
                client_secret=idp.client_secret,
            )
        ]
    )
    return settings


def sign_in_at_provider(authorize_url: str, username: str, password: str) -> str:
    """Play the browser at the provider: follow the authorization request, fill in the
    provider's login form, and return the address the provider sends the browser back to
    (Kompass's callback with code and state)."""
    provider = f"{urlparse(authorize_url).scheme}://{urlparse(authorize_url).netloc}"
    with httpx.Client(timeout=10) as browser:
        response = browser.get(authorize_url)
        while response.status_code in (301, 302, 303):
            location = urljoin(str(response.url), response.headers["location"])
            if not location.startswith(provider):
                return location
            response = browser.get(location)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        response = browser.post(
            str(response.url),
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": re.search(r'name="next" value="([^"]*)"', response.text)
                .group(1)
                .replace("&amp;", "&"),
            },
            headers={"Referer": str(response.url)},
        )
        while response.status_code in (301, 302, 303):
            location = urljoin(str(response.url), response.headers["location"])
            if not location.startswith(provider):
                return location
            response = browser.get(location)
    raise AssertionError(f"Leverantören skickade inte tillbaka webbläsaren: {response.status_code}")
