"""The daily retention job: the same `run()` as `kompass retention run`, started by the
workers once a day (`kompass.jobs.periodic`)."""

import datetime

from kompass.jobs import job


@job(every=datetime.timedelta(days=1), retries=2, backoff=300)
def retention_job(ctx) -> None:
    """Gallring enligt lagringsreglerna"""
    from kompass.governance.domain.retention import run

    outcomes = run()
    changed = [o for o in outcomes if o.count]
    ctx.progress(len(outcomes), len(outcomes), f"{sum(o.count for o in changed)} rader gallrade")
