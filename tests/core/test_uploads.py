"""The upload cap: a body over KOMPASS_UPLOAD_MAX_BYTES is refused with 413 before any of
it is read, on a page and in the API's error shape."""

import io

import pytest

from kompass.core.uploads import CappedStream


class Unread(io.RawIOBase):
    """A body of `size` bytes that counts what is read from it."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"a" * n
        self.read_bytes += n
        return n


def _post(client, path, size, content_type="multipart/form-data; boundary=xyz"):
    body = Unread(size)
    response = client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body


@pytest.mark.django_db
def test_a_120_mb_upload_is_refused_unread_on_a_page(client):
    response, body = _post(client, "/enkater/", 120 * 1024 * 1024)
    assert response.status_code == 413
    assert "Filen är för stor" in response.content.decode()
    assert "50\u00a0MB" in response.content.decode()
    assert body.read_bytes == 0


@pytest.mark.django_db
def test_a_120_mb_api_body_is_refused_unread_in_the_error_shape(client):
    response, body = _post(
        client, "/api/collaboration/socio/calc", 120 * 1024 * 1024, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Filen är för stor")
    assert response.json()["problems"] == []
    assert body.read_bytes == 0


@pytest.mark.django_db
def test_the_cap_is_the_setting(client, settings):
    settings.KOMPASS_UPLOAD_MAX_BYTES = 1000
    response, _body = _post(client, "/api/collaboration/socio/calc", 1001, "application/json")
    assert response.status_code == 413


def test_no_more_than_the_cap_is_ever_read_from_the_stream():
    body = Unread(10_000)
    stream = CappedStream(io.BufferedReader(body), 4096)
    assert len(stream.read()) == 4096
    assert stream.read(10) == b""
