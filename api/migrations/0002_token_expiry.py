import datetime

from django.db import migrations, models


def expire_existing(apps, schema_editor):
    """Tokens made before expiry existed expire 180 days after they were made."""
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + datetime.timedelta(days=180))


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True, verbose_name="有效期至")),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at", field=models.DateTimeField(verbose_name="有效期至")),
    ]
