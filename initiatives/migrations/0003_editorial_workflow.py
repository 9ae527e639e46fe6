"""Groups of the editorial workflow, its group approval task and its workflow.

Page-level permissions and the workflow's attachment to the indexes need the
pages, which do not exist yet on a fresh database: `setup_site` does that part.
"""

from django.db import migrations

COMITE_GROUP = "Comité éditorial"
CONTRIBUTORS_GROUP = "Contributeurs"
TASK_NAME = "Relecture par le comité éditorial"
WORKFLOW_NAME = "Validation par le comité éditorial"


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    comite, _ = Group.objects.get_or_create(name=COMITE_GROUP)
    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        comite.permissions.add(access_admin)
        contributors.permissions.add(access_admin)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(comite)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(
        name__in=[COMITE_GROUP, CONTRIBUTORS_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_centre_collection_centre_group_centre_is_validated"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
