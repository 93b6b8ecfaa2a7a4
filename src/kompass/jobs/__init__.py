"""Background jobs: `@job` declares a function as one, `enqueue` starts it for a user.

    from kompass.jobs import enqueue, job

    @job(retries=2, backoff=30)
    def export_all(ctx, *, survey):
        for i, org in enumerate(orgs):
            ...
            ctx.progress(i + 1, len(orgs), "Leksand")
        ctx.add_file("alla.zip", content, "application/zip")

    enqueue(export_all, user=request.user, title="Alla återrapporter", survey="lfr-2012")

A worker (`kompass worker`) runs it; the person who started it follows it on "Mina jobb".
"""

from kompass.jobs.definitions import JobContext, job


def enqueue(function, *, user, title: str, **arguments):
    """Store a `Job` for `user` (None: the command line) and hand it to the task queue.
    The arguments must be JSON (ids, slugs, strings), never model instances."""
    from kompass.jobs.runner import enqueue as _enqueue

    return _enqueue(function, user=user, title=title, arguments=arguments)


__all__ = ["JobContext", "enqueue", "job"]
