"""Form fields that keep malformed input a validation error, never a database error."""

from django import forms
from django.core.exceptions import ValidationError

MAX_DB_INT = 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField whose ids beyond the database's integer range are invalid choices.

    Django checks each value's type but then runs ``pk IN (...)``, which overflows in the driver for
    ``10**20`` (a 500 on SQLite and PostgreSQL alike).
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            text = str(pk).strip()
            try:
                number = int(text)
            except ValueError:
                continue  # Django's own check reports it
            if not -MAX_DB_INT <= number <= MAX_DB_INT:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)
