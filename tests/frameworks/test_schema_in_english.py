"""A framework file's problems, shown on the instrument import page, are in the reader's
language although kompass.frameworks.schema knows no Django (kompass.lib's translation
hook): an English-speaking editor sees English messages and no Swedish interface words."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompass.frameworks.models import Framework
from tests.test_languages_complete import SWEDISH, Checker, interface_text

BAD = """schema: kompass-framework/1
id: Min_Enkät
kind: enkät
version: "1"
name: Trivsel
färg: blå
scales:
  sju: {type: agreement, min: 1, max: 7}
areas:
  - code: "a b"
    name: Ledning
    items:
      - {code: "1", text: Jag trivs, scale: tio}
"""


def test_framework_file_problems_in_english(client_for, cast, leksand):
    cast["editor"].language = "en"
    cast["editor"].save(update_fields=["language"])
    upload = SimpleUploadedFile("fil.yaml", BAD.encode())
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "unknown key “färg” (allowed:" in page
    assert "may only contain lower-case letters a–z, digits and hyphens" in page
    assert "“kind” must be one of" in page
    assert "the scale “tio” is not under “scales”" in page
    assert "may only contain letters, digits, full stops, hyphens and underscores" in page
    assert not Framework.objects.filter(organisation=leksand).exists()
    assert Checker(SWEDISH)(interface_text(page)) == []
