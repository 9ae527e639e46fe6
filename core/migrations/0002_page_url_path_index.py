"""An index on wagtailcore_page.url_path, for core.pages.find_page (routing in two queries)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS core_page_url_path",
        )
    ]
