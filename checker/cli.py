"""The `amiable` command line: check letters, and list, show, test and validate rules."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Sequence

from checker import __version__
from checker.check_command import FORMATS, run_check
from checker.errors import InputError
from checker.rules.loader import LoadErrors, RuleSet, load_rules
from checker.rules_commands import list_rules, show_rule, test_rules

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

DESCRIPTION = """\
Amiable vérifie les lettres de recouvrement amiable (relances, mises en demeure, lettres
d'agence de l'article R124-4 du CPCE) au regard du droit français et des bonnes pratiques.
Chaque constat indique la ligne, la règle, sa base juridique et la correction proposée."""

CHECK_EPILOG = """\
exemples :
  amiable check lettre.md
  amiable check modeles/ --format json > rapport.json
  amiable check relance.txt --type relance --sender creancier --debtor professionnel
  amiable check lettres/ --rules regles-maison/

métadonnées : chaque lettre Markdown peut commencer par un en-tête YAML
  ---
  type: mise_en_demeure      # relance | mise_en_demeure
  date: 2026-03-02           # date de la lettre (AAAA-MM-JJ)
  channel: lrar              # courrier | lrar | lre | email | sms | commissaire_de_justice
  sender: agence             # creancier | agence | avocat | commissaire_de_justice
  debtor: particulier        # particulier | professionnel
  ---
les options de la ligne de commande l'emportent sur l'en-tête. Un champ absent est déduit du
texte quand c'est possible, sinon la lecture la plus stricte est retenue ; un constat « info »
le signale toujours.

dossiers de recouvrement : un fichier .yaml/.json aux clés `dossier` et `events` est vérifié
avec les règles d'historique (fréquence, horaires, tiers, silences, préalables, prescription) ;
ses lettres (`letter:`) le sont avec les règles de lettres à la date de l'événement.
Voir docs/cases.md.

codes de sortie : 0 aucune erreur, 1 au moins une erreur, 2 entrée ou usage invalide."""

AUDIT_EPILOG = """\
exemples :
  amiable audit dossiers/
  amiable audit dossiers/ --format csv --jobs 0 > portefeuille.csv
  amiable audit export.csv --dossiers parties.yaml --at 2026-06-30

codes de sortie : 0 aucun dossier irrégulier, 1 au moins un dossier irrégulier, 2 entrée
invalide (les autres dossiers sont tout de même audités)."""


def _add_rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="DOSSIER", action="append", default=[],
                        help="ajoute un dossier de règles maison (même format ; répétable)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amiable", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"amiable {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")

    check = commands.add_parser("check", help="vérifie des lettres (fichiers ou dossiers)",
                                description="Vérifie des lettres (.md, .txt) ; les dossiers sont "
                                            "parcourus récursivement.",
                                epilog=CHECK_EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="CHEMIN",
                       help="lettre, dossier de recouvrement (.yaml, .json) ou répertoire")
    check.add_argument("--format", choices=FORMATS,
                       help="format du rapport : text (défaut), json, sarif, junit, github")
    check.add_argument("--output", metavar="FICHIER",
                       help="écrit le rapport dans ce fichier (atomiquement) au lieu de la sortie")
    check.add_argument("--fail-on", choices=["error", "warning", "info", "never"],
                       help="gravité à partir de laquelle le code de sortie vaut 1 "
                            "(défaut : error)")
    check.add_argument("--config", metavar="FICHIER",
                       help="fichier de configuration (défaut : amiable.toml ou [tool.amiable] "
                            "de pyproject.toml, cherché en remontant depuis les fichiers vérifiés)")
    check.add_argument("--baseline", metavar="RAPPORT.json",
                       help="ne signale que les constats absents d'un rapport JSON précédent")
    check.add_argument("--data", metavar="FICHIER",
                       help="modèles : jeux de données (fixtures) à rendre pour chaque modèle")
    check.add_argument("--stdin-filename", metavar="NOM",
                       help="avec « - » (entrée standard) : le nom à afficher, dont l'extension "
                            "dit le format (.md, .txt)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                       help="couleurs dans le rapport texte (défaut : auto, sauf si NO_COLOR)")
    _add_rules_option(check)
    meta = check.add_argument_group("métadonnées (priment sur l'en-tête des lettres)")
    meta.add_argument("--type", choices=["relance", "mise_en_demeure"])
    meta.add_argument("--date", metavar="AAAA-MM-JJ", help="date de la lettre")
    meta.add_argument("--channel", choices=["courrier", "lrar", "lre", "email", "sms",
                                            "commissaire_de_justice"])
    meta.add_argument("--sender", choices=["creancier", "agence", "avocat",
                                           "commissaire_de_justice"])
    meta.add_argument("--debtor", choices=["particulier", "professionnel"])
    check.add_argument("--at", metavar="DATE",
                       help="dossiers : date (et heure) d'appréciation, par défaut maintenant")

    audit = commands.add_parser(
        "audit", help="verdict par dossier : prêt pour le tribunal, non prêt, irrégulier",
        description="Audite un portefeuille de dossiers (répertoire de fichiers .yaml/.json, ou "
                    "journal d'événements .csv/.jsonl avec --dossiers) et donne pour chacun un "
                    "verdict : pret (la saisine du tribunal est possible), non_pret (avec les "
                    "preuves manquantes et la première date possible) ou irregulier (conduite "
                    "illicite constatée).",
        epilog=AUDIT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    audit.add_argument("target", metavar="CHEMIN",
                       help="répertoire, dossier .yaml/.json, ou journal .csv/.jsonl")
    audit.add_argument("--dossiers", metavar="FICHIER",
                       help="parties et créances des dossiers d'un journal .csv/.jsonl")
    audit.add_argument("--format", choices=["text", "json", "csv", "markdown"], default="text")
    audit.add_argument("--at", metavar="DATE", help="date d'appréciation (défaut : maintenant)")
    audit.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="processus en parallèle (défaut 1 ; 0 = tous les cœurs)")
    _add_rules_option(audit)

    nxt = commands.add_parser(
        "next", help="prochaine date licite de contact pour un dossier",
        description="Donne le premier moment, à partir de --at, où un contact du type demandé "
                    "ne contrevient à aucune règle de contact, et les règles qui l'ont repoussé.")
    nxt.add_argument("dossier", metavar="DOSSIER", help="fichier de dossier .yaml/.json")
    nxt.add_argument("--at", metavar="DATE", help="à partir de (défaut : maintenant)")
    nxt.add_argument("--kind", default="appel",
                     choices=["appel", "email", "sms", "courrier", "lrar", "lre", "visite"],
                     help="type de contact (défaut : appel)")
    nxt.add_argument("--format", choices=["text", "json"], default="text")
    _add_rules_option(nxt)

    init = commands.add_parser("init", help="écrit un fichier amiable.toml commenté",
                               description="Écrit un amiable.toml de départ, commenté, dans le "
                                           "répertoire indiqué (défaut : le répertoire courant). "
                                           "Un fichier existant n'est jamais écrasé.")
    init.add_argument("directory", nargs="?", default=".", metavar="RÉPERTOIRE")

    rules = commands.add_parser("rules", help="liste, affiche, teste ou valide les règles",
                                description="Consulte et éprouve le jeu de règles.")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    listing = rule_commands.add_parser("list", help="liste les règles")
    listing.add_argument("--format", choices=["text", "json"], default="text")
    _add_rules_option(listing)
    show = rule_commands.add_parser("show", help="affiche une règle : base, message, exemples")
    show.add_argument("rule_id", metavar="ID")
    _add_rules_option(show)
    test = rule_commands.add_parser("test", help="vérifie que chaque règle se déclenche sur ses "
                                                 "exemples « fail » et reste muette sur « pass »")
    test.add_argument("rule_ids", nargs="*", metavar="ID", help="limite le test à ces règles")
    _add_rules_option(test)
    validate = rule_commands.add_parser("validate", help="valide un dossier de règles maison "
                                                         "(schéma, expressions, références)")
    validate.add_argument("directory", metavar="DOSSIER")
    return parser


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _init(args: argparse.Namespace) -> int:
    from checker.config import write_starter

    path = write_starter(args.directory)
    print(f"{path} écrit : relisez-le et adaptez-le à vos modèles.")
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from checker.cases.commands import parse_at, run_audit

    at = parse_at(args.at)
    load_rules(args.rules)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    summary = run_audit(args.target, args.dossiers, at, jobs, args.rules, args.format,
                        sys.stdout)
    if summary.errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if summary.verdicts["irregulier"] else EXIT_OK


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _next(args: argparse.Namespace, ruleset: RuleSet) -> int:
    from checker.cases.commands import parse_at, run_next

    case, found = run_next(args.dossier, ruleset, args.kind, parse_at(args.at))
    if args.format == "json":
        data = {"dossier": case.dossier, "kind": args.kind, "timezone": case.timezone,
                "at": found.at.isoformat(timespec="minutes") if found.at else None,
                "bounded_by": [{"rule": r, "message": m} for r, m in found.bounding]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK if found.at else EXIT_FINDINGS
    print(f"{case.dossier} ({case.debtor.name}, heure de {case.timezone})")
    if found.at is None:
        print(f"Aucun moment licite pour « {args.kind} » dans l'année qui vient.")
    else:
        when = found.at
        print(f"Prochain « {args.kind} » licite : {_WEEKDAYS[when.weekday()]} "
              f"{when:%d/%m/%Y} à {when:%H}h{when:%M}")
    if found.bounding:
        print("Règles qui ont écarté les moments antérieurs :")
        for rule_id, message in found.bounding:
            print(f"  {rule_id} : {message}")
    return EXIT_OK if found.at else EXIT_FINDINGS


def _unknown_rule(rule_id: str, ruleset: RuleSet) -> InputError:
    close = difflib.get_close_matches(rule_id.upper(), [r.id for r in ruleset.rules], n=3)
    hint = f" ; vouliez-vous dire : {', '.join(close)} ?" if close else \
        " ; `amiable rules list` donne la liste"
    return InputError(rule_id, "règle inconnue" + hint)


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    if args.command == "audit":
        return _audit(args)
    if args.command == "check":
        return run_check(args, _use_color)
    if args.command == "init":
        return _init(args)
    house = [args.directory] if getattr(args, "rules_command", None) == "validate" else args.rules
    ruleset = load_rules(house)
    if args.command == "next":
        return _next(args, ruleset)
    if args.rules_command == "list":
        sys.stdout.write(list_rules(ruleset, args.format))
        return EXIT_OK
    if args.rules_command == "show":
        rule = ruleset.get(args.rule_id) or ruleset.get(args.rule_id.upper())
        if rule is None:
            raise _unknown_rule(args.rule_id, ruleset)
        sys.stdout.write(show_rule(rule, ruleset))
        return EXIT_OK
    if args.rules_command == "test":
        for rule_id in args.rule_ids:
            if ruleset.get(rule_id) is None:
                raise _unknown_rule(rule_id, ruleset)
        report, failures = test_rules(ruleset, set(args.rule_ids) or None)
        sys.stdout.write(report)
        return EXIT_FINDINGS if failures else EXIT_OK
    house_rules = [r for r in ruleset.rules if r.origin == "house"]
    print(f"{args.directory} : {len(house_rules)} règle(s) valide(s), "
          f"{len(ruleset.rules) - len(house_rules)} règle(s) du jeu fourni")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except LoadErrors as exc:
        for error in exc.errors:
            print(f"amiable: {error}", file=sys.stderr)
        print(f"amiable: {len(exc.errors)} erreur(s) dans les règles : rien n'a été vérifié",
              file=sys.stderr)
        return EXIT_INPUT
    except InputError as exc:
        print(f"amiable: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("amiable: interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: never show a traceback to a user
        if os.environ.get("AMIABLE_DEBUG"):
            raise
        print(f"amiable: erreur interne ({type(exc).__name__}: {exc}). Relancez avec "
              "AMIABLE_DEBUG=1 pour le détail et signalez-la.", file=sys.stderr)
        return EXIT_INTERNAL
