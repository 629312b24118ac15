"""Jinja2 templates: fixtures, line map, branch coverage, placeholder mode, sandbox and bad input.

The line map is the part most likely to be subtly wrong, so besides the worked examples it is
checked as a property over generated templates: markers never change what is rendered, every
character of literal output maps back to the same character of the template, and every
character printed by an expression maps to the `{` that opens it.
"""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from checker.engine import check_letter, parse_letter
from checker.errors import InputError
from checker.letters.document import Letter
from checker.letters.facts import extract_facts
from checker.letters.normalize import normalize
from checker.rules.loader import RuleSet
from checker.templates import (
    TEMPLATE_SUFFIXES,
    Rendering,
    TemplateResult,
    is_template,
    letter_name,
    render_template,
)
from checker.templates.instrument import PROBE
from checker.templates.placeholders import load_mapping, normalize_name
from checker.templates.render import _Environment
from tests.conftest import SAMPLES

TEMPLATES = SAMPLES / "templates"


def write(tmp_path: Path, text: str, name: str = "modele.md.j2") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return str(path)


def at(rendering: Rendering, needle: str, nth: int = 0) -> tuple[int, int]:
    offset = -1
    for _ in range(nth + 1):
        offset = rendering.text.index(needle, offset + 1)
    return rendering.position(offset)


def input_error(path: str, data: str | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        render_template(path, data)
    error = caught.value
    assert error.__cause__ is None, "no chained traceback"
    assert error.__context__ is None or error.__suppress_context__, "no chained traceback"
    return error


def check(rendering: Rendering, ruleset: RuleSet, name: str = "modele.md") -> list[str]:
    report = check_letter(parse_letter(name, rendering.text), ruleset, {},
                          datetime.date(2026, 11, 23))
    return sorted(f.rule for f in report.findings)


# -- names --------------------------------------------------------------------------------


def test_template_suffixes_and_letter_names() -> None:
    assert TEMPLATE_SUFFIXES == (".md.j2", ".jinja", ".j2")
    assert is_template("modeles/Relance.MD.J2") and is_template("a.jinja") and is_template("a.j2")
    assert not is_template("lettre.md") and not is_template("j2.md")
    assert letter_name("modeles/relance.md.j2") == "modeles/relance.md"
    assert letter_name("relance.txt.j2") == "relance.txt"
    assert letter_name("relance.jinja") == "relance.md"


def test_the_probe_is_a_method_of_the_environment() -> None:
    assert callable(getattr(_Environment(), PROBE))


# -- fixtures and front matter ------------------------------------------------------------

TWO_FIXTURES = """
    ---
    type: relance
    sender: creancier
    fixtures:
      - name: pro
        metadata: {debtor: professionnel}
        data: {nom: Durand SARL, montant: "120,00 €", pro: true}
      - name: particulier
        data: {nom: Mme Martin, montant: "80,00 €", pro: false}
    debtor: particulier
    ---
    Bonjour {{ nom }},
    {% if pro %}Indemnité : 40,00 €{% else %}Aucun frais.{% endif %}
    Montant : {{ montant }}
    """


def test_every_fixture_is_rendered_with_the_front_matter_kept_and_fixtures_removed(
        tmp_path: Path) -> None:
    result = render_template(write(tmp_path, TWO_FIXTURES))
    assert [r.fixture for r in result.renderings] == ["pro", "particulier"]
    particulier = result.renderings[1]
    assert particulier.text == ("---\ntype: relance\nsender: creancier\ndebtor: particulier\n---\n"
                                "Bonjour Mme Martin,\nAucun frais.\nMontant : 80,00 €\n")
    assert "fixtures" not in result.renderings[0].text
    assert result.source.startswith("---\ntype: relance")
    assert result.issues == ()


def test_fixture_metadata_replaces_the_front_matter_key(tmp_path: Path) -> None:
    pro = render_template(write(tmp_path, TWO_FIXTURES)).renderings[0]
    assert "debtor: particulier" not in pro.text
    assert '\ndebtor: "professionnel"\n' in pro.text
    assert at(pro, "debtor") == (6, 1), "placed at the fixture that says so"
    assert at(pro, "sender") == (3, 1)
    assert at(pro, "Bonjour") == (12, 1)


def test_rendered_letters_pass_through_the_letter_checker(tmp_path: Path,
                                                         ruleset: RuleSet) -> None:
    result = render_template(write(tmp_path, TWO_FIXTURES))
    for rendering in result.renderings:
        letter = parse_letter("modele.md", rendering.text)
        assert isinstance(letter, Letter) and letter.front_matter is not None
        check(rendering, ruleset)


def test_data_file_replaces_the_front_matter_fixtures(tmp_path: Path) -> None:
    template = write(tmp_path, TWO_FIXTURES)
    data = write(tmp_path, """
        fixtures:
          - name: autre
            data: {nom: X, montant: "1,00 €", pro: true}
        """, "donnees.yaml")
    result = render_template(template, data)
    assert [r.fixture for r in result.renderings] == ["autre"]
    assert [i.values["value"] for i in result.issues] == ["{% else %}"]


# -- line map -----------------------------------------------------------------------------


def test_text_on_the_second_line_of_a_literal_maps_to_its_template_line(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        type: mise_en_demeure
        fixtures:
          - name: cas
            data: {nom: Dupont}
        ---
        Madame {{ nom }}, nous vous rappelons
          que la facture n° F-12 reste impayée.
        """)
    rendering = render_template(path).renderings[0]
    assert at(rendering, "facture") == (8, 10)
    assert at(rendering, "que") == (8, 3)
    assert at(rendering, "nous") == (7, 19)
    assert rendering.locate(4, 1) == (7, 1), "without `fixtures`, the body starts on line 4"
    assert rendering.locate(5, 5) == (8, 5)


def test_expression_output_maps_to_the_opening_braces(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: cas
            data: {ref: "F-2026-0001", lignes: ["a\\nb", "c"]}
        ---
        Facture n°   {{
           ref }} et {% for l in lignes %}[{{ l }}]{% endfor %}
        """)
    rendering = render_template(path).renderings[0]
    assert rendering.text.endswith("Facture n°   F-2026-0001 et [a\nb][c]\n")
    assert at(rendering, "2026") == (6, 14)
    assert at(rendering, "\nb") == (7, 36), "a line break in a value stays on the `{{` line"
    assert at(rendering, "c]") == (7, 36)
    assert at(rendering, "]", 1) == (7, 43), "literal text repeated by the loop"
    start = rendering.text.index("F-2026")
    assert rendering.span(start, start + 11) == (6, 14, 7, 10), "ends after the `}}`"


def test_whitespace_control_keeps_columns_right(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nfixtures:\n  - name: cas\n    data: {a: A}\n---\n"
                           "début   {{- a -}}   \n   fin {%- if a %}\n  oui{% endif %}\n")
    rendering = render_template(path).renderings[0]
    assert rendering.text.endswith("débutAfin\n  oui\n")
    assert at(rendering, "fin") == (7, 4)
    assert at(rendering, "oui") == (8, 3)


def _plain(body: str, data: dict[str, object]) -> str:
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    return env.from_string(body).render(data)


FRAGMENTS = [
    "Bonjour ", "{{ a }}", "\nligne deux ", "  \n", "{{- a -}}", "{# note {{ #}",
    "{% raw %}{{ brut }}{% endraw %}",
    "{% if b %}oui\n{% elif a %}peut-être{% else %}non{% endif %}",
    "{%- if b -%}\n x \n{%- endif -%}", "{% for i in l %}- {{ i }}\n{% else %}vide{% endfor %}",
    "{% set s %}capturé {{ a }}{% endset %}{{ s | upper }}", "{{ m(a) }}",
    "{% filter upper %}filtré {{ a }}\n{% endfilter %}", "{{ a ~ '\n' ~ a }}", "{{ '{{' }}",
    "{% call c() %}appel{% endcall %}", "{% with w = a %}[{{ w }}]{% endwith %}",
    "{% for x in l recursive %}{{ x }}{% endfor %}", "{{ \"}}\" }}", "é€\t",
    "  {#- c -#}\n  ", "{%- raw -%} {{ x }} {%- endraw %}",
    "{% block bloc %}b {{ a }}{% endblock %}",
]
MACRO = "{% macro m(x) %}<{{ x }}>{% endmacro %}{% macro c() %}({{ caller() }}){% endmacro %}"


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8, unique=True),
       b=st.booleans(), items=st.lists(st.sampled_from(["x", "y\nz"]), max_size=2))
def test_markers_never_change_the_text_and_every_character_maps_back(
        tmp_path: Path, parts: list[str], b: bool, items: list[str]) -> None:
    body = MACRO + "".join(parts) + "\n"
    data: dict[str, object] = {"a": "A\nA", "b": b, "l": items}
    path = tmp_path / "p.md.j2"
    fixtures = f"---\nfixtures:\n  - name: cas\n    data: {json.dumps(data)}\n---\n"
    path.write_text(fixtures + body, encoding="utf-8")
    rendering = render_template(str(path)).renderings[0]
    source = path.read_text(encoding="utf-8").split("\n")
    text = rendering.text
    assert text == "---\n---\n" + _plain(body, data)
    for offset in range(len("---\n---\n"), len(text)):
        line, column = rendering.position(offset)
        template_line = source[line - 1]
        assert 1 <= column <= len(template_line) + 1, (offset, line, column)
        here = template_line[column - 1:column] or "\n"
        assert here == text[offset] or here == "{", (offset, text[offset], line, column)


# -- branches -----------------------------------------------------------------------------


def test_unreached_if_elif_else_branches_are_reported_at_their_tags(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: un
            data: {n: 1}
          - name: deux
            data: {n: 2}
        ---
        {% if n == 1 %}un{% elif n == 2 %}deux
        {% elif  n == 3 %}trois{% else %}autre{% endif %}
        {% if n > 5 %}grand{% endif %}
        """)
    result = render_template(path)
    found = [(i.issue, i.line, i.column, i.end_column, i.values["value"]) for i in result.issues]
    assert found == [
        ("unreached_branch", 9, 1, 19, "{% elif n == 3 %}"),
        ("unreached_branch", 9, 24, 34, "{% else %}"),
        ("unreached_branch", 10, 1, 15, "{% if n > 5 %}"),
    ]


def test_a_for_loop_without_items_and_its_else_are_branches(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: plein
            data: {factures: [F-1, F-2], vide: []}
        ---
        {% for f in factures %}Facture n° {{ f }}
        {% else %}Aucune facture{% endfor %}
        {%- for v in vide -%}{{ v }}{%- else -%}rien{%- endfor %}
        """)
    result = render_template(path)
    assert [(i.line, i.column, i.values["value"]) for i in result.issues] == [
        (7, 1, "{% else %}"), (8, 1, "{%- for v in vide -%}")]


def test_branches_inside_macros_and_capturing_blocks_are_tracked(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: cas
            data: {a: true}
        ---
        {% macro m(x) %}{% if x %}oui{% else %}non{% endif %}{% endmacro %}
        {% set s %}{% if a %}A{% endif %}{% endset %}{{ m(a) }}{{ s }}
        {% macro jamais() %}{% if a %}x{% endif %}{% endmacro %}
        """)
    result = render_template(path)
    assert [(i.line, i.column, i.values["value"]) for i in result.issues] == [
        (6, 30, "{% else %}"), (8, 21, "{% if a %}")]


def test_a_branch_reached_by_any_fixture_is_covered(tmp_path: Path) -> None:
    result = render_template(write(tmp_path, TWO_FIXTURES))
    assert result.issues == ()


# -- placeholder mode ---------------------------------------------------------------------

PLACEHOLDER_LETTER = """
    ---
    type: relance
    date: 2026-05-04
    channel: courrier
    sender: creancier
    debtor: particulier
    ---
    {{ creancier.nom }}, {{ creancier.adresse }}, {{ creancier.code_postal }}
    Tél. : {{ creancier.telephone }}

    {{ client.civilite }},

    La facture n° {{ %s }} d'un montant de {{ montant_total }} est échue depuis le
    {{ date_echeance }}. Merci de la régler par virement (IBAN {{ iban }}).

    Nous vous prions d'agréer, {{ client.civilite }}, nos salutations distinguées.
    """


def test_mapped_placeholders_satisfy_required_mentions(tmp_path: Path,
                                                       ruleset: RuleSet) -> None:
    result = render_template(write(tmp_path, PLACEHOLDER_LETTER % "facture.numero"))
    (rendering,) = result.renderings
    assert rendering.fixture is None
    assert "La facture n° F-2026-0001 d'un montant de 1 234,56 €" in rendering.text
    assert result.issues == ()
    assert check(rendering, ruleset) == []


def test_an_unmapped_placeholder_renders_empty_and_is_reported_at_its_braces(
        tmp_path: Path, ruleset: RuleSet) -> None:
    result = render_template(write(tmp_path, PLACEHOLDER_LETTER % "dossier.code_interne"))
    (rendering,) = result.renderings
    assert "La facture n°  d'un montant" in rendering.text
    (issue,) = result.issues
    assert (issue.issue, issue.line, issue.column, issue.end_column) == (
        "unmapped_placeholder", 13, 15, 41)
    assert issue.values == {"value": "dossier.code_interne"}
    assert check(rendering, ruleset) == ["REL-FACTURE"]


def test_placeholder_conditions_loops_and_names(tmp_path: Path) -> None:
    path = write(tmp_path, """
        {% if facture.numero %}mappé{% else %}jamais{% endif %}
        {% if client.vip %}jamais{% else %}inconnu{% endif %}
        {% for l in factures %}{{ l.montant }}/{{ l.numero_facture }}{% endfor %}
        {{ Créancier.Téléphone }} {{ agence["Code-Postal"] }} {{ x.y | upper }}
        """)
    result = render_template(path)
    text = result.renderings[0].text
    assert text == ("mappé\ninconnu\n1 234,56 €/F-2026-0001\n"
                    "04 78 12 34 56 69002 Lyon \n")
    assert [(i.issue, i.line, i.column, i.values["value"]) for i in result.issues] == [
        ("unreached_branch", 1, 29, "{% else %}"),
        ("unreached_branch", 2, 1, "{% if client.vip %}"),
        ("unmapped_placeholder", 4, 55, "x.y"),
    ]


def test_placeholder_names_are_compared_without_case_accents_or_indexes() -> None:
    assert normalize_name('Facture["N°-pièce"][0]') == "facture.n_piece"
    mapping = load_mapping()
    assert mapping.lookup("agence.siege.telephone") is not None
    assert mapping.lookup("factures[0].numero") is None
    entry = mapping.lookup("Facture.Numéro")
    assert entry is not None and entry.kind == "invoice_ref"


def test_the_mapping_documents_at_least_25_names_with_several_spellings() -> None:
    entries = load_mapping().entries
    assert len([e for e in entries.values() if e.kind != "text"]) >= 25
    for name in ("facture.numero", "numero_facture", "invoice.number", "montant_total",
                 "date_echeance", "iban", "delai", "creancier.telephone", "client.nom",
                 "creancier.nom", "creancier.adresse"):
        assert name in entries, name
    kinds = {e.kind for e in entries.values()}
    assert kinds == {"amount", "date", "deadline", "invoice_ref", "iban", "siren", "siret",
                     "phone", "email", "url", "postal_code", "percent", "text"}


CONTEXT = {"invoice_ref": "Facture n° {}", "siren": "SIREN {}", "siret": "SIRET {}",
           "deadline": "Payez sous {} jours", "percent": "Pénalités au taux de {}"}


@pytest.mark.parametrize("name", sorted(load_mapping().entries))
def test_each_fact_sample_is_read_as_its_fact(name: str) -> None:
    entry = load_mapping().entries[name]
    if entry.kind == "text":
        return
    wording = CONTEXT.get(entry.kind, "Texte : {}")
    if entry.kind == "deadline" and not entry.sample.isdigit():
        wording = "Payez {}."
    facts = extract_facts(normalize(wording.format(entry.sample)), datetime.date(2026, 5, 4))
    kinds = [f.kind for f in facts]
    assert entry.kind in kinds, (name, entry.sample, kinds)
    assert all(f.valid is not False for f in facts), (name, entry.sample)


# -- sandbox and bad input ----------------------------------------------------------------


@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__", "cycler.__init__.__globals__", "[].append(1)",
    "'{0.__class__}'.format(1)", "self._TemplateReference__context"])
def test_sandbox_violations_are_input_errors_at_their_line(tmp_path: Path,
                                                           expression: str) -> None:
    path = write(tmp_path, f"""
        ---
        fixtures:
          - name: cas
            data: {{}}
        ---
        Bonjour,

          {{{{ {expression} }}}}
        """)
    error = input_error(path)
    assert (error.path, error.line) == (path, 8)
    assert "accès interdit par le bac à sable" in error.message
    assert "fixture « cas »" in error.message


def test_sandbox_violation_in_placeholder_mode(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "Texte\n{{ facture.__class__ }}\n"))
    assert error.line == 2 and "bac à sable" in error.message


def test_syntax_error_names_the_template_line(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, """
        ---
        type: relance
        ---
        Bonjour,
        {% if montant %}
        {{ montant }
        """))
    assert error.line == 6 and error.message.startswith("erreur de syntaxe du modèle")
    assert str(error).startswith(f"{error.path}:6: ")


@pytest.mark.parametrize(("body", "fragment"), [
    ("{{ montant | euros }}", "filtre « euros » inconnu"),
    ("{% include 'pied.md' %}", "{% include %} interdit"),
    ("{% extends 'base.md' %}", "{% extends %} interdit"),
    ("{% import 'm.j2' as m %}", "{% import %} interdit"),
    ("{% trans %}x{% endtrans %}", "balise « trans » inconnue"),
])
def test_unknown_filters_and_file_access_are_refused(tmp_path: Path, body: str,
                                                     fragment: str) -> None:
    error = input_error(write(tmp_path, f"Ligne\n\n{body}\n"))
    assert error.line == 3 and fragment in error.message


def test_a_fixture_missing_a_variable_names_the_fixture_and_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: complet
            data: {facture: {numero: F-1}, montant: "1,00 €"}
          - name: incomplet
            data: {facture: {}}
        ---
        Facture n° {{ facture.numero }}
        """)
    error = input_error(path)
    assert error.line == 8
    assert error.message == "fixture « incomplet » : « numero » n'existe pas (dans un dictionnaire)"
    path = write(tmp_path, "---\nfixtures:\n  - name: vide\n    data: {}\n---\nA\n{{ montant }}\n")
    error = input_error(path)
    assert (error.line, error.column) == (7, 1)
    assert error.message == "fixture « vide » : la variable « montant » n'est pas définie"


def test_runtime_errors_are_input_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nfixtures:\n  - name: cas\n    data: {n: 0}\n---\n{{ 1 / n }}\n")
    error = input_error(path)
    assert error.line == 6 and "erreur à l'exécution du modèle" in error.message
    error = input_error(write(tmp_path, "{{ montant_total * 2 }}\n"))
    assert error.line == 1 and "donnez des fixtures" in error.message


@pytest.mark.parametrize("expression", ["'x' * 10**9", "[0] * 10**9", "2 ** 100000"])
def test_memory_exhausting_operations_are_refused(tmp_path: Path, expression: str) -> None:
    error = input_error(write(tmp_path, f"a\n{{{{ {expression} }}}}\n"))
    assert error.line == 2 and "bac à sable" in error.message


def test_runaway_output_is_stopped(tmp_path: Path) -> None:
    path = write(tmp_path, """
        ---
        fixtures:
          - name: cas
            data: {}
        ---
        {% for i in range(50000) %}{% for j in range(100) %}xxxx{% endfor %}{% endfor %}
        """)
    assert "rendu trop volumineux" in input_error(path).message


def test_bad_data_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    template = write(tmp_path, TWO_FIXTURES)
    data = write(tmp_path, "fixtures:\n  - name: a\n    data: {nom: [1, 2}\n", "d.yaml")
    error = input_error(template, data)
    assert (error.path, error.line) == (data, 3) and error.message.startswith("YAML invalide")


@pytest.mark.parametrize(("data", "line", "fragment"), [
    ("fixtures: {name: a}\n", 1, "liste non vide"),
    ("fixtures: []\n", 1, "liste non vide"),
    ("autre: 1\nfixtures: []\n", 1, "clé inconnue « autre »"),
    ("fixtures:\n  - name: a\n    data: {}\n  - name: a\n    data: {}\n", 4,
     "fixture « a » en double (déjà définie ligne 2)"),
    ("fixtures:\n  - name: a\n", 2, "sans `data`"),
    ("fixtures:\n  - name: a\n    data: [1]\n", 3, "`data` doit être un mapping"),
    ("fixtures:\n  - name: a\n    donnees: {}\n", 3, "clé inconnue « donnees »"),
    ("fixtures:\n  - data: {}\n", 2, "un nom (`name`)"),
    ("fixtures:\n  - name: a\n    data: {cp: 01000}\n", 3, "octal"),
    ("fixtures:\n  - name: a\n    metadata: {debtor: entreprise}\n    data: {}\n", 3,
     "valeur « entreprise » invalide"),
    ("fixtures:\n  - name: a\n    data: {x: \"\\U000F0001\"}\n", 3, "caractère réservé"),
])
def test_bad_fixtures_are_reported_at_their_line(tmp_path: Path, data: str, line: int,
                                                 fragment: str) -> None:
    error = input_error(write(tmp_path, TWO_FIXTURES), write(tmp_path, data, "d.yaml"))
    assert error.line == line and fragment in error.message, error


def test_front_matter_errors_point_at_the_template_line(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "---\ntype: relance\nexpediteur: agence\n---\nA\n"))
    assert error.line == 3 and "clé inconnue « expediteur »" in error.message
    error = input_error(write(tmp_path, "---\ntype: relance\nfixtures:\n  - nom: a\n---\nA\n"))
    assert error.line == 4 and "clé inconnue « nom »" in error.message


def test_reserved_characters_are_refused_in_templates(tmp_path: Path) -> None:
    error = input_error(write(tmp_path, "Bonjour\n  \U00100000\n"))
    assert (error.line, error.column) == (2, 3) and "caractère réservé" in error.message


# -- the example repository ---------------------------------------------------------------

EXAMPLE_ISSUES = {
    "relance-creancier-particulier.md.j2": [],
    "relance-facture-optionnelle.md.j2": [],
    "relance-agence.md.j2": [],
    "mise-en-demeure-factures.md.j2": [("unreached_branch", 48, "{% else -%}")],
    "mise-en-demeure-delai.md.j2": [],
    "relance-pro-penalites.md.j2": [],
    "relance-sans-fixtures.md.j2": [("unmapped_placeholder", 20, "client.numero_adherent")],
    "relance-sms-sans-fixtures.md.j2": [],
}


def test_every_example_template_is_listed() -> None:
    assert sorted(p.name for p in TEMPLATES.glob("*.j2")) == sorted(EXAMPLE_ISSUES)


@pytest.mark.parametrize("name", sorted(EXAMPLE_ISSUES))
def test_example_templates_render_with_their_documented_issues(name: str,
                                                               ruleset: RuleSet) -> None:
    result: TemplateResult = render_template(str(TEMPLATES / name))
    assert [(i.issue, i.line, i.values["value"]) for i in result.issues] == EXAMPLE_ISSUES[name]
    for rendering in result.renderings:
        check(rendering, ruleset, letter_name(name))


def test_example_data_file_reaches_the_loop_else(ruleset: RuleSet) -> None:
    result = render_template(str(TEMPLATES / "mise-en-demeure-factures.md.j2"),
                             str(TEMPLATES / "donnees" / "mise-en-demeure-factures.yaml"))
    assert [r.fixture for r in result.renderings] == ["deux-factures", "sans-detail"]
    assert result.issues == ()
    assert check(result.renderings[1], ruleset) == ["MED-OBJET"]
