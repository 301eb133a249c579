"""The complaint notices' templates on disk: ``resources/complaint_notices/<regime>/<kind>.yaml``.

The file reading for :mod:`agentdesk.domain.complaints.notices` (which does no I/O). A template
fails at load, with the file, the line and the reason, when its YAML or Jinja is broken, when it
reads a name no notice provides, or when a language's letter lacks the regime's mandatory
content (checked on a letter rendered from sample facts, so text hidden behind a condition does
not count).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml
from jinja2 import TemplateSyntaxError

from agentdesk.domain.complaints.notices import (
    LANGUAGES,
    VARIABLES,
    Language,
    Notice,
    NoticeFacts,
    NoticeKind,
    NoticeTemplate,
    render,
    unknown_variables,
)
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.flows.sandbox import TemplateError
from agentdesk.flows.source import line_at
from agentdesk.resources import resource_path
from agentdesk.yaml_source import read_mapping, validated

__all__ = [
    "NoticeTemplateError",
    "load_file",
    "load_templates",
    "notices_dir",
    "parse_template",
    "render_notice",
]

# Distinct values, so a letter that drops a fact cannot pass by the accident of another one.
SAMPLE_FACTS = NoticeFacts(
    customer_name="Sample Customer",
    reference="CMP-SAMPLE-0001",
    received=date(2026, 3, 2),
    due=date(2026, 4, 17),
    category_label="Sample category",
    resolution="Sample decision: the fee of 25.00 is refunded.",
)


class NoticeTemplateError(ValueError):
    """A notice template that cannot be used: ``file:line: reason`` for each problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def notices_dir() -> Path:
    return resource_path("complaint_notices")


def _text_line(tree: yaml.Node, location: list[str], template_line: int) -> int:
    """The file's line of line ``template_line`` (1-based) of the text at ``location``."""
    start = line_at(tree, location)
    node = tree
    for part in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == part), node)
    # A block scalar's text starts on the line after its "|" or ">".
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return start + template_line - (0 if block else 1)


def _check(template: NoticeTemplate, tree: yaml.Node, file: str) -> list[str]:
    problems = []
    for language in LANGUAGES:
        text = template.text(language)
        rendered = True
        for part, source in (("subject", text.subject), ("body", text.body)):
            location = [language, part]
            try:
                unknown = unknown_variables(source)
            except TemplateSyntaxError as err:
                line = _text_line(tree, location, err.lineno)
                problems.append(f"{file}:{line}: {language}.{part}: {err.message}")
                rendered = False
                continue
            if unknown:
                problems.append(
                    f"{file}:{line_at(tree, location)}: {language}.{part}: no notice provides "
                    f"{', '.join(sorted(unknown))}; known: {', '.join(sorted(VARIABLES))}"
                )
                rendered = False
        if not rendered:
            continue
        try:
            notice = render(template, language, SAMPLE_FACTS)
        except TemplateError as err:
            problems.append(f"{file}:{line_at(tree, [language])}: {language}: {err}")
            continue
        if notice.missing:
            problems.append(
                f"{file}:{line_at(tree, [language, 'body'])}: {language}.body: the "
                f"{template.regime} {template.kind} notice must give "
                f"{'; '.join(notice.missing)}"
            )
    return problems


def parse_template(text: str, file: str) -> NoticeTemplate:
    """Parse and check one template's text (``file`` only names it in the problems)."""
    holds = "a notice template holds one mapping"
    data, tree = read_mapping(text, file, holds, NoticeTemplateError)
    template = validated(NoticeTemplate, data, tree, file, "template", NoticeTemplateError)
    problems = _check(template, tree, file)
    if problems:
        raise NoticeTemplateError(problems)
    return template


def load_file(path: Path) -> NoticeTemplate:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise NoticeTemplateError([f"{path}:1: cannot be read: {err}"]) from None
    template = parse_template(text, str(path))
    expected = (path.parent.name, path.stem)
    if (template.regime, template.kind) != expected:
        raise NoticeTemplateError(
            [
                f"{path}:1: a {template.regime} {template.kind} notice in "
                f"{path.parent.name}/{path.name}"
            ]
        )
    return template


@cache
def load_templates() -> dict[tuple[str, NoticeKind], NoticeTemplate]:
    """Every shipped template by (regime, kind); all problems of all files at once."""
    templates: dict[tuple[str, NoticeKind], NoticeTemplate] = {}
    problems: list[str] = []
    for path in sorted(notices_dir().glob("*/*.yaml")):
        try:
            template = load_file(path)
        except NoticeTemplateError as err:
            problems += err.problems
            continue
        templates[(template.regime, template.kind)] = template
    if problems:
        raise NoticeTemplateError(problems)
    return templates


def render_notice(regime: str, kind: NoticeKind, language: Language, facts: NoticeFacts) -> Notice:
    """The shipped ``kind`` notice of ``regime`` in ``language``, for ``facts``."""
    templates = load_templates()
    template = templates.get((regime, kind))
    if template is None:
        known = ", ".join(f"{r} {k}" for r, k in sorted(templates))
        message = f"no {kind} notice for regime {regime!r}; known: {known}"
        raise InvalidValue(
            "complaint.unknown_notice", message, fields=[FieldIssue("kind", message)]
        )
    return render(template, language, facts)
