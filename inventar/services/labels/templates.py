"""Label templates: the built-in sheets plus the users' own templates and calibrations (in the database).

A saved row with the name of a built-in template stores that template's
calibration offset; its geometry always stays the built-in one.
"""

from __future__ import annotations

from dataclasses import replace

from inventar.domain.labels.templates import ALIASES, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, LabelTemplate
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models.entities import LabelTemplate as TemplateRow
from inventar.models.entities import utcnow


class UnknownTemplate(UserError, LookupError):
    pass


class LabelTemplateService:
    def templates(self) -> list[LabelTemplate]:
        """Built-in templates first (with any saved calibration), then the users' own by name."""
        saved = {row.name: LabelTemplate.from_json(row.definition)
                 for row in TemplateRow.select().order_by(TemplateRow.name)}
        result = []
        for name, builtin in BUILTIN_TEMPLATES.items():
            own = saved.pop(name, None)
            result.append(builtin.with_offset(own.offset_x, own.offset_y) if own else builtin)
        return result + sorted(saved.values(), key=lambda t: t.name.casefold())

    def get(self, name: str | None) -> LabelTemplate:
        """A template by name, by alias (``3x7``, ``4x10``, ``62mm``...) or by a unique part of its name."""
        templates = self.templates()
        wanted = (name or DEFAULT_TEMPLATE).strip()
        wanted = ALIASES.get(wanted.casefold().replace(" ", ""), wanted)
        for template in templates:
            if template.name.casefold() == wanted.casefold():
                return template
        partial = [t for t in templates if wanted.casefold() in t.name.casefold()]
        if len(partial) == 1:
            return partial[0]
        raise UnknownTemplate(_("Ukendt etiketskabelon »{name}«. Kendte: {names}", name=name,
                                names=", ".join(t.name for t in templates)))

    @staticmethod
    def is_builtin(name: str) -> bool:
        return name in BUILTIN_TEMPLATES

    def save(self, template: LabelTemplate) -> LabelTemplate:
        """Save a user template, or only the calibration offset when it is a built-in one."""
        if template.name in BUILTIN_TEMPLATES:
            template = BUILTIN_TEMPLATES[template.name].with_offset(template.offset_x, template.offset_y)
        template = replace(template, name=template.name.strip()).validated()
        with TemplateRow._meta.database.atomic():
            updated = (TemplateRow.update(definition=template.to_json(), updated_at=utcnow())
                       .where(TemplateRow.name == template.name).execute())
            if not updated:
                TemplateRow.create(name=template.name, definition=template.to_json())
        return template

    def delete(self, name: str) -> None:
        """Delete a user template, or reset a built-in template's calibration."""
        TemplateRow.delete().where(TemplateRow.name == name).execute()
