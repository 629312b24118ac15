"""The human report: compiler-style lines, the excerpt with a caret, the basis and the fix."""

from __future__ import annotations

from checker.model import Finding
from checker.report import BASIS_KIND_LABELS, RunResult

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_LABELS = {"error": "erreur", "warning": "avertissement", "info": "info"}


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _finding(path: str, finding: Finding, color: bool) -> list[str]:
    paint = (lambda code, text: f"{code}{text}{_RESET}") if color else (lambda _c, text: text)
    head = (f"{paint(_BOLD, f'{path}:{finding.line}:{finding.column}:')} "
            f"{paint(_COLORS[finding.severity], finding.severity)} "
            f"{paint(_BOLD, finding.rule)} {finding.message}")
    gutter = " " * len(str(finding.line))
    lines = [head, f" {finding.line} | {finding.excerpt}"]
    if finding.end_line == finding.line and finding.end_column > finding.column:
        width = finding.end_column - finding.column
    else:
        width = max(1, len(finding.excerpt) - finding.column + 1)
    carets = paint(_COLORS[finding.severity], "^" * width)
    lines.append(f" {gutter} | {' ' * (finding.column - 1)}{carets}")
    for basis in finding.basis:
        label = BASIS_KIND_LABELS.get(basis.kind, basis.kind)
        lines.append(f" {gutter} = base ({label}) : {basis.ref}")
    lines.append(f" {gutter} = correction : {finding.fix}")
    return lines


def render(result: RunResult, color: bool = False) -> str:
    out: list[str] = []
    for report in result.files:
        for finding in report.findings:
            out.extend(_finding(report.path, finding, color))
            out.append("")
    counts = result.summary()
    clean = sum(1 for r in result.files if not any(f.severity != "info" for f in r.findings))
    letters = sum(1 for r in result.files if r.kind != "case")
    cases = len(result.files) - letters
    checked = _plural(letters, "lettre vérifiée", "lettres vérifiées")
    if cases:
        checked = (f"{_plural(cases, 'dossier', 'dossiers')} et "
                   f"{_plural(letters, 'lettre', 'lettres')} vérifiés")
    summary = (f"{_plural(counts['error'], 'erreur', 'erreurs')}, "
               f"{_plural(counts['warning'], 'avertissement', 'avertissements')}, "
               f"{_plural(counts['info'], 'information', 'informations')} dans {checked} "
               f"({clean} sans erreur ni avertissement)")
    suppressed = result.suppressed()
    if suppressed:
        detail = ", ".join(f"{rule} × {count}" for rule, count in suppressed.items())
        summary += f" ; {sum(suppressed.values())} écarté(s) par dérogation ({detail})"
    if result.errors:
        summary += f" ; {_plural(len(result.errors), 'fichier illisible', 'fichiers illisibles')}"
    out.append(summary)
    return "\n".join(out) + "\n"
