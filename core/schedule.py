"""Periodic work on the task queue: a task that queues its own next run.

`schedule_once` queues the next run unless one is already waiting, so that
starting the site twice (or a task and a command racing) never doubles a chain.
"""

from django.utils import timezone


def schedule_once(task, delay, **kwargs):
    """Queue `task` to run after `delay` unless a run is already waiting.

    Returns False when the task backend cannot defer (the immediate backend).
    """
    backend = task.get_backend()
    if not backend.supports_defer:
        return False
    if _already_waiting(task, backend):
        return True
    task.using(run_after=timezone.now() + delay).enqueue(**kwargs)
    return True


def _already_waiting(task, backend):
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
