"""A job belongs to the user who started it."""

from app.accounts import access
from app.jobs.models import Job


def register() -> None:
    access.register_owner(Job, lambda job: job.owner_id, owner_column=Job.owner_id)
