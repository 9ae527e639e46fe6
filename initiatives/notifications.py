"""Emails of the editorial workflow, in French, replacing Wagtail's own.

- On each submission (and resubmission) of a sheet or resource: the comité.
- On approval or a request for changes: the person who submitted, and the
  other accepted accounts of the sheet's centre.
Sending is queued and failures are logged (accounts.emails): a workflow action
never fails because of an email.
"""

from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from accounts.emails import absolute_url, send_templated_email

WAGTAIL_NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
]


def _context(page, **extra):
    page = page.specific
    return {
        "page": page,
        "centre": getattr(page, "centre", None),
        "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "preview_url": absolute_url(reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
        **extra,
    }


def _centre_recipients(page, submitter):
    from accounts.services import centre_members

    recipients = [submitter.email] if submitter else []
    centre = getattr(page.specific, "centre", None)
    if centre is not None:
        recipients += [user.email for user in centre_members(centre)]
    return recipients


def _comment(workflow_state):
    task_state = workflow_state.current_task_state
    return task_state.get_comment() if task_state else ""


def on_task_submitted(sender, instance, user=None, **kwargs):
    """A sheet enters the comité's review: tell every member of the task's groups."""
    from django.contrib.auth import get_user_model

    groups = getattr(instance.task.specific, "groups", None)
    if groups is None:
        return
    reviewers = get_user_model().objects.filter(groups__in=groups.all(), is_active=True)
    submitter = instance.workflow_state.requested_by
    send_templated_email(
        "sheet_submitted",
        [reviewer.email for reviewer in reviewers.distinct()],
        _context(instance.workflow_state.content_object, submitter=submitter or user),
    )


def _tell_the_centre(workflow_state, template, **extra):
    """The decision goes to the person who submitted and the sheet's centre."""
    page = workflow_state.content_object.specific
    send_templated_email(
        template,
        _centre_recipients(page, workflow_state.requested_by),
        _context(page, comment=_comment(workflow_state), **extra),
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    _tell_the_centre(instance, "sheet_approved", public_url=instance.content_object.full_url)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    _tell_the_centre(instance, "sheet_changes_requested")


def connect():
    """Replace Wagtail's workflow emails with ours (called from InitiativesConfig.ready)."""
    for signal, sender, dispatch_uid in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
    task_submitted.connect(on_task_submitted, sender=TaskState, dispatch_uid="cp_task_submitted")
    workflow_approved.connect(
        on_workflow_approved, sender=WorkflowState, dispatch_uid="cp_workflow_approved"
    )
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="cp_workflow_rejected"
    )
