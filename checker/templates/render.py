"""Render a Jinja2 letter template, safely, once per fixture or once with placeholder samples.

Templates come from a repository that anyone with commit rights can change, and are checked in
CI: rendering must never run code, read a file or reach Python internals. So the environment is
Jinja2's immutable sandbox, with no loader (`include`, `extends` and `import` are refused before
rendering), autoescape off (letters are text), `StrictUndefined` (a fixture that lacks a variable
is an error, not an empty mention that the checker would then report as missing), and the
template's trailing newline kept. Every failure becomes an InputError at the template's line.
"""

from __future__ import annotations

import traceback
from decimal import Decimal
from typing import Any

from jinja2 import meta, nodes
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.runtime import Context, StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from checker.errors import InputError
from checker.letters.reader import MAX_LETTER_BYTES, read_letter
from checker.templates.fixtures import Fixture, load_data_file
from checker.templates.frontmatter import read_header, render_header
from checker.templates.instrument import Instrumented, instrument
from checker.templates.linemap import MARKERS, strip_markers
from checker.templates.model import Rendering, TemplateIssue, TemplateResult
from checker.templates.placeholders import PlaceholderScope, load_mapping
from checker.templates.source import Lexed, TemplateText, lex, split

TEMPLATE_FILENAME = "<amiable-template>"
"""File name given to the compiled template, by which its frames are found in a traceback."""

MAX_RENDERED_CHARS = MAX_LETTER_BYTES
"""A rendering larger than a letter may be is a runaway loop, stopped rather than checked."""

_TYPE_NAMES = {
    dict: "un dictionnaire", list: "une liste", str: "un texte", int: "un nombre",
    float: "un nombre", Decimal: "un nombre", bool: "un booléen", type(None): "une valeur nulle",
}
_FILE_ACCESS = {nodes.Extends: "extends", nodes.Include: "include", nodes.Import: "import",
                nodes.FromImport: "from … import"}


class _Undefined(StrictUndefined):
    """StrictUndefined that words its error in French, naming what is missing."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"la variable « {self._undefined_name} » n'est pas définie"
        kind = _TYPE_NAMES.get(type(self._undefined_obj), type(self._undefined_obj).__name__)
        return f"« {self._undefined_name} » n'existe pas (dans {kind})"


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, plus the probe that records which branches a rendering went through."""

    intercepted_binops: frozenset[str] = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(undefined=_Undefined, autoescape=False, keep_trailing_newline=True)
        self.reached: set[int] = set()

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse the one-line ways to exhaust memory: `"x" * 10**9`, `9 ** 10**9`."""
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError(f"puissance trop grande (exposant {right})")
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int) \
                        and len(sized) * count > MAX_RENDERED_CHARS:
                    raise SecurityError("répétition trop longue (plus de 2 Mio)")
        return super().call_binop(context, operator, left, right)

    def amiable_reach(self, branch: int) -> str:
        """The probe named by instrument.PROBE; prints nothing."""
        self.reached.add(branch)
        return ""

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        return self.undefined(
            f"attribut « {attribute} » d'un objet {type(obj).__name__}",
            name=attribute, obj=obj, exc=SecurityError)


def _syntax_message(exc: TemplateSyntaxError) -> str:
    text = exc.message or ""
    for english, french in (("No filter named ", "filtre {} inconnu : seuls les filtres intégrés "
                                                 "de Jinja2 sont disponibles"),
                            ("No test named ", "test {} inconnu : seuls les tests intégrés de "
                                               "Jinja2 sont disponibles"),
                            ("Encountered unknown tag ", "balise {} inconnue")):
        if text.startswith(english):
            name = text[len(english):].rstrip(".").strip("'")
            return "erreur de syntaxe du modèle : " + french.format(f"« {name} »")
    return f"erreur de syntaxe du modèle : {text}"


class _Template:
    """One template file, parsed, instrumented and compiled once for all its renderings."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.source: TemplateText = split(path, read_letter(path))
        found = MARKERS.search(self.source.text)
        if found:
            raise InputError(path, f"caractère réservé U+{ord(found.group()):X} (zone d'usage "
                                   "privé) interdit dans un modèle",
                             *self.source.line_col(found.start()))
        self.shift = self.source.body_line - 1
        self.env = _Environment()
        try:
            tree = self.env.parse(self.source.body, filename=TEMPLATE_FILENAME)
        except TemplateSyntaxError as exc:
            raise InputError(path, _syntax_message(exc), exc.lineno + self.shift) from None
        node = next(tree.find_all(tuple(_FILE_ACCESS)), None)
        if node is not None:
            raise InputError(path, f"{{% {_FILE_ACCESS[type(node)]} %}} interdit : un modèle ne "
                                   "peut pas lire d'autres fichiers ; copiez le texte voulu dans "
                                   "le modèle", node.lineno + self.shift)
        try:
            undeclared = meta.find_undeclared_variables(tree)
        except TemplateSyntaxError as exc:
            raise InputError(path, _syntax_message(exc), exc.lineno + self.shift) from None
        self.variables = sorted(undeclared - set(self.env.globals))
        self.lexed: Lexed = lex(self.env, self.source)
        try:
            self.instrumented: Instrumented = instrument(tree, self.source, self.lexed)
        except OverflowError:
            raise InputError(path, "modèle trop long : plus de 65 534 morceaux de texte") from None
        tree.set_environment(self.env)
        try:
            code = self.env.compile(tree, filename=TEMPLATE_FILENAME)
        except TemplateSyntaxError as exc:
            raise InputError(path, _syntax_message(exc), exc.lineno + self.shift) from None
        self.compiled = self.env.template_class.from_code(
            self.env, code, self.env.make_globals(None), None)

    def _column(self, line: int) -> int:
        """The column of the only `{{` or `{%` on a line, 0 when there are none or several."""
        starts = [start for start, _ in self.lexed.expressions]
        starts += [tag.start for tag in self.lexed.tags if not tag.keyword.startswith("end")]
        columns = [column for at_line, column in map(self.source.line_col, starts)
                   if at_line == line]
        return columns[0] if len(columns) == 1 else 0

    def _runtime_error(self, exc: Exception, fixture: str | None) -> InputError:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename == TEMPLATE_FILENAME and f.lineno is not None]
        if not frames or frames[-1].lineno is None:
            raise exc
        line = frames[-1].lineno + self.shift
        where = f"fixture « {fixture} » : " if fixture is not None else ""
        if isinstance(exc, SecurityError):
            message = f"{where}accès interdit par le bac à sable : {exc}"
        elif isinstance(exc, UndefinedError):
            message = f"{where}{exc}"
        elif isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
            message = (f"{where}accès interdit par le bac à sable : intervalle trop grand, "
                       "range() est limité à 100 000 éléments")
        else:
            detail = exc.message if isinstance(exc, TemplateError) else str(exc)
            message = f"{where}erreur à l'exécution du modèle : {detail or type(exc).__name__}"
            if fixture is None and isinstance(exc, (TypeError, ValueError)):
                message += (" (rendu avec les valeurs d'exemple des espaces réservés : donnez "
                            "des fixtures à ce modèle)")
        return InputError(self.path, message, line, self._column(line))

    def render(self, context: dict[str, Any], fixture: str | None) -> str:
        """The raw output, markers included."""
        chunks: list[str] = []
        size = 0
        try:
            for chunk in self.compiled.generate(context):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_RENDERED_CHARS:
                    break
        except Exception as exc:
            raise self._runtime_error(exc, fixture) from None
        if size > MAX_RENDERED_CHARS:
            where = f" (fixture « {fixture} »)" if fixture is not None else ""
            raise InputError(self.path, f"rendu trop volumineux{where} : plus de "
                                        f"{MAX_RENDERED_CHARS // (1024 * 1024)} Mio de texte")
        return "".join(chunks)


def render_template(path: str, data_path: str | None = None) -> TemplateResult:
    """Render a template once per fixture (from `data_path` or its front matter) or, without
    fixtures, once in placeholder mode; report unreached branches and unmapped placeholders."""
    template = _Template(path)
    header = read_header(template.source)
    fixtures: list[Fixture] = load_data_file(data_path) if data_path else header.fixtures
    renderings: list[Rendering] = []
    issues: list[TemplateIssue] = []
    pieces = template.instrumented.pieces
    if fixtures:
        for fixture in fixtures:
            raw = template.render(dict(fixture.data), fixture.name)
            linemap, _ = strip_markers(raw, pieces)
            prefix, starts, owners = render_header(template.source, header, fixture)
            renderings.append(Rendering(fixture.name, prefix + linemap.text,
                                        linemap.shifted(prefix, starts, owners)))
    else:
        scope = PlaceholderScope(load_mapping())
        raw = template.render({name: scope.value(name) for name in template.variables}, None)
        linemap, unmapped = strip_markers(raw, pieces)
        prefix, starts, owners = render_header(template.source, header, None)
        renderings.append(Rendering(None, prefix + linemap.text,
                                    linemap.shifted(prefix, starts, owners)))
        seen: set[tuple[str, int, int]] = set()
        for hit in unmapped:
            name = scope.unmapped[hit.index]
            piece = hit.piece
            line, column = (piece.line, piece.column) if piece else (template.source.body_line, 1)
            if (name, line, column) in seen:
                continue
            seen.add((name, line, column))
            end_column = piece.end_column if piece and piece.end_line == line \
                else len(template.source.line_text(line)) + 1
            issues.append(TemplateIssue("unmapped_placeholder", line, column, end_column,
                                        {"value": name}))
    for index, branch in enumerate(template.instrumented.branches):
        if index not in template.env.reached:
            issues.append(TemplateIssue("unreached_branch", branch.line, branch.column,
                                        branch.end_column, {"value": branch.source}))
    issues.sort(key=lambda i: (i.line, i.column, i.issue))
    return TemplateResult(template.source.text, tuple(renderings), tuple(issues))
