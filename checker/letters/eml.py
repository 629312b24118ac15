"""E-mail messages (.eml) as plain-text letters: the subject, then the body text.

The result always has the same shape, so that line numbers of findings can be found again in the
message:

- line 1 is ``Objet : <subject>`` (RFC 2047 encoded words decoded, folding undone; ``Objet :``
  alone when the message has no subject);
- line 2 is blank;
- the body starts on line 3. It is the first text/plain part that is not an attachment, line for
  line (body line K is line K + 2; only trailing white space and trailing blank lines go). When
  there is none, or it is blank, the text/html part converted to text: ``<p>``, ``<div>``, ``<li>``,
  ``<tr>``, headings and quotations become paragraph breaks (a blank line), other block elements
  and ``<br>`` line breaks, table cells are joined by `` | ``, entities are decoded, scripts,
  styles and the title are dropped and white space is collapsed within each line.

Line numbers of findings therefore refer to this extracted text, not to the raw .eml file (whose
headers, MIME boundaries and transfer encodings would make raw line numbers meaningless). Only the
standard library is used. Attached files, forwarded messages (message/rfc822 parts), headers
other than the subject and encrypted content are not read.
"""

from __future__ import annotations

import codecs
import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html.parser import HTMLParser

from checker.errors import InputError
from checker.letters.reader import MAX_LETTER_BYTES, read_capped

MAX_EML_BYTES = MAX_LETTER_BYTES * 4
"""Largest .eml accepted (8 MiB): a letter with a logo or a small attachment fits, while a wrong
file (a mailbox export, a large attachment) is refused before it is parsed."""

_KNOWN_HEADERS = frozenset({
    "from", "to", "cc", "subject", "date", "sender", "reply-to", "message-id", "mime-version",
    "content-type", "content-transfer-encoding", "received", "return-path", "delivered-to",
    "in-reply-to", "references", "x-mailer", "user-agent",
})
_ENCRYPTED_TYPES = frozenset({"multipart/encrypted", "application/pkcs7-mime",
                              "application/x-pkcs7-mime"})
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CELL = "\x1f"
"""Marks a table cell start in the HTML conversion; turned into `` | `` between cells only, so a
layout table (common in HTML mail) does not leave stray bars at line edges."""

_PARAGRAPH_TAGS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                             "blockquote", "pre", "table", "ul", "ol", "dl"})
_LINE_TAGS = frozenset({"address", "article", "aside", "body", "caption", "center", "dd", "details",
                        "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr",
                        "html", "legend", "main", "nav", "section", "summary", "tbody", "tfoot",
                        "thead"})
_DROPPED_TAGS = frozenset({"script", "style", "title", "template"})


def read_eml(path: str) -> str:
    """The letter text of an e-mail: ``Objet : …``, a blank line, then the body text.

    A file that is not a readable message, or that has no text to check, is refused with an
    `InputError`, so that a CI job reports the wrong file instead of checking nothing.
    """
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(path, "fichier vide : aucun message à vérifier", 1, 1)
    if b"\x00" in data[:8192]:
        raise InputError(path, "fichier binaire : ce n'est pas un message e-mail (.eml)")
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not any(name.lower() in _KNOWN_HEADERS for name in message.keys()):
        raise InputError(path, "message e-mail (.eml) corrompu : aucun en-tête (From, Subject, "
                         "Content-Type…) en début de fichier", 1, 1)
    body = _body_text(path, message)
    text = f"Objet : {_subject(message)}".rstrip() + "\n\n" + body + "\n"
    if len(text.encode("utf-8")) > MAX_LETTER_BYTES:
        raise InputError(path, "texte du message trop volumineux : une lettre est limitée à "
                         f"{MAX_LETTER_BYTES // (1024 * 1024)} Mio de texte")
    return text


def _read_bytes(path: str) -> bytes:
    return read_capped(path, MAX_EML_BYTES, lambda size: (
        f"fichier trop volumineux ({size // 1024} Kio) : un message "
        f"e-mail est limité à {MAX_EML_BYTES // (1024 * 1024)} Mio"))


def _subject(message: EmailMessage) -> str:
    """The decoded subject on one line; a malformed header falls back to its raw text.

    The header parser of the standard library can raise on some malformed encoded words, and a
    bad subject must not make the whole message unreadable.
    """
    try:
        subject = str(message.get("subject", ""))
    except Exception:  # the header parser has no single error type
        subject = next((str(value) for name, value in message.raw_items()
                        if name.lower() == "subject"), "")
    return " ".join(subject.split())


def _body_text(path: str, message: EmailMessage) -> str:
    """The first text/plain body, else the HTML body as text; neither is an `InputError`.

    A blank text/plain part counts as missing: some mailers send one beside the real HTML body.
    """
    try:
        plain = message.get_body(preferencelist=("plain",))
        if plain is not None:
            text = _trim_lines(_LINE_BREAKS.sub("\n", _decoded(plain)).split("\n"))
            if text.strip():
                return text
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            text = html_to_text(_decoded(html))
            if text:
                return text
        encrypted = any(p.get_content_type() in _ENCRYPTED_TYPES for p in message.walk())
    except Exception as exc:  # malformed MIME structures raise assorted errors
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(path, f"message e-mail (.eml) illisible ({detail})") from None
    if plain is not None or html is not None:
        raise InputError(path, "corps du message vide : aucun texte à vérifier")
    if encrypted:
        raise InputError(path, "message chiffré (S/MIME ou PGP) : aucun texte à vérifier")
    raise InputError(path, "le message n'a ni partie texte ni partie HTML (seulement des pièces "
                     "jointes ?) : aucun texte à vérifier")


def _decoded(part: Message) -> str:
    """A text part's payload as text, tolerant of the charsets mail software really sends.

    A declared, known charset is trusted (undecodable bytes replaced). An undeclared or ASCII
    charset is tried as UTF-8 first, since 8-bit text labelled ASCII is common. An unknown or
    unusable charset falls back to cp1252 (what most mislabelled French mail is), then latin-1.
    """
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset and charset not in ("us-ascii", "ascii"):
        try:
            codecs.lookup(charset)
            return data.decode(charset, errors="replace")
        except (LookupError, UnicodeError):
            pass
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1", errors="replace")


def _trim_lines(lines: list[str]) -> str:
    """Lines without trailing white space and without blank lines at the end.

    Blank lines inside are kept, so that body line K of a text/plain part is line K + 2.
    """
    result = [line.rstrip() for line in lines]
    while result and not result[-1]:
        result.pop()
    return "\n".join(result)


def _collapse_lines(lines: list[str]) -> str:
    """Lines without trailing spaces, at most one blank line in a row, none at either end."""
    result: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (result and result[-1]):
            result.append(line)
    return _trim_lines(result)


class _HtmlText(HTMLParser):
    """HTML to text lines, following how a mail client lays the blocks out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self._dropped = 0
        self._pre = 0

    def _break(self, blank_line: bool) -> None:
        """Start a new line (and leave a blank one if asked) unless already there."""
        if _has_text(self.lines[-1]):
            self.lines.append("")
        if blank_line and len(self.lines) > 1 and _has_text(self.lines[-2]):
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped += 1
        elif tag == "br":
            self.lines.append("")
        elif tag in ("td", "th"):
            self.lines[-1] += _CELL
        elif tag in _PARAGRAPH_TAGS:
            self._break(blank_line=True)
            if tag == "pre":
                self._pre += 1
        elif tag in _LINE_TAGS:
            self._break(blank_line=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _PARAGRAPH_TAGS:
            self._break(blank_line=True)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
        elif tag in _LINE_TAGS:
            self._break(blank_line=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<br/>` and `<hr/>` break lines; a self-closed `<p/>` or `<script/>` opens nothing."""
        if tag == "br":
            self.lines.append("")
        elif tag in _LINE_TAGS or tag in _PARAGRAPH_TAGS:
            self._break(blank_line=tag in _PARAGRAPH_TAGS)

    def handle_data(self, data: str) -> None:
        if self._dropped:
            return
        data = data.replace(_CELL, " ")
        if self._pre:
            first, *rest = _LINE_BREAKS.sub("\n", data).split("\n")
            self.lines[-1] += first
            self.lines.extend(rest)
        else:
            self.lines[-1] += _HTML_SPACE.sub(" ", data)


def _has_text(line: str) -> bool:
    return bool(line.replace(_CELL, "").strip())


def _line_text(line: str) -> str:
    cells = [_SPACES.sub(" ", cell).strip() for cell in line.split(_CELL)]
    while cells and not cells[0]:
        cells.pop(0)
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


def html_to_text(html: str) -> str:
    """Visible text of an HTML mail body, one paragraph per run of non-blank lines."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return _collapse_lines([_LINE_BREAKS.sub(" ", _line_text(line)) for line in parser.lines])
