"""Reports as background jobs: one document, or every document of a set ("all feedback
reports of a survey") in one ZIP, made by `export()` as the job's user sees them."""

from __future__ import annotations

import io
import zipfile

from kompass.jobs import job
from kompass.reports.exports import Export, export, get_kind


def export_bundle(
    kind, *, user, key, params: dict | None, fmt: str, documents: list[dict], progress=None
) -> Export:
    """The documents (each {"key", "params"}) of `kind` in `fmt`, one ZIP; `progress(done,
    total, message)` after each. The ZIP is named after the set (`kind.bundle_stem`)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    buffer = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, document in enumerate(documents, start=1):
            result = export(
                kind, user=user, key=document["key"], params=document.get("params"), fmt=fmt
            )
            name, n = result.filename, 2
            while name in names:  # two organisations with the same name
                stem, _, ext = result.filename.rpartition(".")
                name, n = f"{stem}-{n}.{ext}", n + 1
            names.add(name)
            archive.writestr(name, result.content)
            if progress is not None:
                progress(index, len(documents), name)
    stem = kind.bundle_stem(user=user, key=key, params=params or {})
    return Export(f"{stem}-{fmt}.zip", "application/zip", buffer.getvalue())


@job(retries=2, backoff=30, queue="export")
def export_report(ctx, *, kind: str, key: str, params: dict, fmt: str) -> None:
    """One report as a file of the job."""
    ctx.progress(0, 1, "")
    result = export(kind, user=ctx.user, key=key, params=params, fmt=fmt)
    ctx.add_file(result.filename, result.content, result.mimetype)
    ctx.progress(1, 1, result.filename)


@job(retries=2, backoff=30, queue="export")
def export_reports(ctx, *, kind: str, key: str, params: dict, fmt: str) -> None:
    """Every document of the kind's set for `key` (see `ReportKind.bundle`), zipped."""
    report_kind = get_kind(kind)
    documents = report_kind.bundle(user=ctx.user, key=key, params=params)
    ctx.progress(0, len(documents), "")
    result = export_bundle(
        report_kind,
        user=ctx.user,
        key=key,
        params=params,
        fmt=fmt,
        documents=documents,
        progress=ctx.progress,
    )
    ctx.add_file(result.filename, result.content, result.mimetype)
