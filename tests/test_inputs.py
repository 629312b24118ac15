"""Word and e-mail letters become text whose line numbers can be found again in the source.

Test documents are built here (python-docx writes .docx files, .eml files are bytes) rather than
committed as binaries, so each test shows exactly what it feeds the reader.
"""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from checker.engine import parse_letter
from checker.errors import InputError
from checker.letters.docx import MAX_DOCX_BYTES, read_docx
from checker.letters.eml import MAX_EML_BYTES, html_to_text, read_eml


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def save(document: DocxDocument, path: Path) -> str:
    document.save(str(path))
    return str(path)


# -- Word -----------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_rows_are_numbered_lines(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Madame, Monsieur,")
    document.add_paragraph("Votre facture reste impayée à ce jour.")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("Facture", "Date", "Montant"),
                                        ("F-2026-0113", "02/03/2026", "1 200,00 €")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Veuillez agréer nos salutations distinguées.")
    text = read_docx(save(document, tmp_path / "lettre.docx"))
    assert lines_of(text)[:5] == [
        "Madame, Monsieur,",
        "Votre facture reste impayée à ce jour.",
        "Facture | Date | Montant",
        "F-2026-0113 | 02/03/2026 | 1 200,00 €",
        "Veuillez agréer nos salutations distinguées.",
    ]
    letter = parse_letter("lettre.docx", text)
    assert letter.line_col(text.index("1 200,00"))[0] == 4
    assert letter.line_col(text.index("salutations"))[0] == 5


def test_docx_heading_keeps_its_text(tmp_path: Path) -> None:
    document = Document()
    document.add_heading("Relance amiable", level=1)
    document.add_paragraph("Madame,")
    text = read_docx(save(document, tmp_path / "titre.docx"))
    assert lines_of(text)[:2] == ["Relance amiable", "Madame,"]


def test_docx_empty_paragraph_keeps_numbering(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Madame,")
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_paragraph("Votre facture n° F-1 reste impayée.")
    text = read_docx(save(document, tmp_path / "vide.docx"))
    assert lines_of(text)[:4] == ["Madame,", "", "", "Votre facture n° F-1 reste impayée."]
    letter = parse_letter("vide.docx", text)
    assert letter.line_col(text.index("F-1"))[0] == 4


def test_docx_line_break_and_tab_stay_on_the_paragraph_line(tmp_path: Path) -> None:
    document = Document()
    paragraph = document.add_paragraph("Société Exemple")
    run = paragraph.add_run()
    run.add_break()
    run.add_text("12 rue de la Paix")
    run.add_tab()
    run.add_text("75002 Paris")
    document.add_paragraph("Madame,")
    text = read_docx(save(document, tmp_path / "adresse.docx"))
    assert lines_of(text)[:2] == ["Société Exemple 12 rue de la Paix 75002 Paris", "Madame,"]


def test_docx_hidden_and_deleted_text_is_not_read(tmp_path: Path) -> None:
    """What the debtor does not see cannot satisfy a rule."""
    document = Document()
    paragraph = document.add_paragraph("Montant dû : 1 200,00 €.")
    paragraph.add_run(" Frais de recouvrement : néant.").font.hidden = True
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText> Supprimé.</w:delText>'
        f'</w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t> Ajouté.</w:t></w:r></w:ins>'))
    text = read_docx(save(document, tmp_path / "suivi.docx"))
    assert lines_of(text)[0] == "Montant dû : 1 200,00 €. Ajouté."


def test_docx_content_control_paragraphs_are_read_in_order(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Madame,")
    control = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="montant"/></w:sdtPr><w:sdtContent>'
        f'<w:p><w:r><w:t>Montant : 1 200,00 €</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    document.add_paragraph("Cordialement,")._p.addprevious(control)
    text = read_docx(save(document, tmp_path / "controle.docx"))
    assert lines_of(text)[:3] == ["Madame,", "Montant : 1 200,00 €", "Cordialement,"]


def test_docx_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Récapitulatif"
    table.cell(1, 0).text = "Total"
    table.cell(1, 1).text = "1 200,00 €"
    text = read_docx(save(document, tmp_path / "fusion.docx"))
    assert lines_of(text)[:2] == ["Récapitulatif", "Total | 1 200,00 €"]


def test_docx_zip_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "pas une lettre")
    with pytest.raises(InputError, match=r"n'est pas un document Word \(\.docx\)") as caught:
        read_docx(str(path))
    assert caught.value.path == str(path)


@pytest.mark.parametrize(("member", "named"), [
    ("xl/workbook.xml", "classeur Excel"),
    ("content.xml", "OpenDocument"),
])
def test_docx_other_office_files_are_named(tmp_path: Path, member: str, named: str) -> None:
    path = tmp_path / "renomme.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "<x/>")
    with pytest.raises(InputError, match=named):
        read_docx(str(path))


def test_docx_text_file_renamed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lettre.docx"
    path.write_text("Madame,\nVotre facture reste impayée.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"n'est pas un document Word \(\.docx\)"):
        read_docx(str(path))


def test_docx_ole_file_is_password_protected_or_old_doc(tmp_path: Path) -> None:
    path = tmp_path / "protege.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(InputError,
                       match="document Word protégé par mot de passe ou ancien format .doc"):
        read_docx(str(path))


def test_docx_broken_document_xml_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "casse.docx"
    source = save(Document(), tmp_path / "source.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as broken:
        for info in original.infolist():
            data = original.read(info)
            broken.writestr(info, b"<w:document" if info.filename == "word/document.xml" else data)
    with pytest.raises(InputError, match="document Word illisible"):
        read_docx(str(path))


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="sans texte"):
        read_docx(save(Document(), tmp_path / "vide.docx"))


def test_docx_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "enorme.docx"
    with path.open("wb") as handle:
        handle.truncate(MAX_DOCX_BYTES + 1)
    with pytest.raises(InputError, match="trop volumineux"):
        read_docx(str(path))


def test_docx_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vide.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="fichier vide"):
        read_docx(str(path))


# -- e-mail ---------------------------------------------------------------------------------


def write_eml(tmp_path: Path, data: bytes | EmailMessage, name: str = "message.eml") -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.as_bytes())
    return str(path)


def message(subject: str = "Relance facture F-1") -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Service recouvrement <recouvrement@example.fr>"
    mail["To"] = "client@example.fr"
    mail["Subject"] = subject
    return mail


def test_eml_text_part_follows_the_subject(tmp_path: Path) -> None:
    mail = message()
    mail.set_content("Madame,\n\nVotre facture reste impayée.\n\nCordialement,\n")
    text = read_eml(write_eml(tmp_path, mail))
    assert text == ("Objet : Relance facture F-1\n\nMadame,\n\nVotre facture reste impayée.\n\n"
                    "Cordialement,\n")
    letter = parse_letter("message.eml", text)
    assert letter.line_col(text.index("impayée"))[0] == 5


def test_eml_html_only_is_converted(tmp_path: Path) -> None:
    mail = message()
    mail.set_content(
        "<html><head><title>Titre caché</title><style>p { color: red }</style>"
        "<script>alert('x')</script></head><body>"
        "<p>Madame,</p><p>Votre facture n&deg; F-1 de 1&nbsp;200,00 &euro; "
        "reste   impay&eacute;e.<br>Merci de r&eacute;gulariser.</p>"
        "<div>Cordialement,</div><ul><li>Pièce 1</li><li>Pièce 2</li></ul></body></html>",
        subtype="html")
    text = read_eml(write_eml(tmp_path, mail))
    assert text == ("Objet : Relance facture F-1\n\n"
                    "Madame,\n\n"
                    "Votre facture n° F-1 de 1\xa0200,00 € reste impayée.\n"
                    "Merci de régulariser.\n\n"
                    "Cordialement,\n\n"
                    "Pièce 1\n\nPièce 2\n")
    assert "alert" not in text and "color" not in text and "caché" not in text


def test_html_table_cells_are_joined_and_layout_tables_leave_no_bars() -> None:
    html = ("<table><tr><th>Facture</th><th>Montant</th></tr>"
            "<tr><td>F-1</td><td>1 200,00 €</td></tr></table>"
            "<table><tr><td><p>Madame,</p><p>Bonjour.</p></td></tr></table>")
    assert html_to_text(html) == ("Facture | Montant\n\nF-1 | 1 200,00 €\n\nMadame,\n\nBonjour.")


def test_html_pre_keeps_its_lines() -> None:
    assert html_to_text("<p>Détail :</p><pre>ligne 1\nligne  2</pre>") == \
        "Détail :\n\nligne 1\nligne 2"


def test_eml_alternative_prefers_text_plain(tmp_path: Path) -> None:
    mail = message()
    mail.set_content("Version texte.\n")
    mail.add_alternative("<p>Version HTML.</p>", subtype="html")
    assert read_eml(write_eml(tmp_path, mail)) == "Objet : Relance facture F-1\n\nVersion texte.\n"


def test_eml_html_is_used_when_text_part_is_blank(tmp_path: Path) -> None:
    mail = message()
    mail.set_content("\n  \n")
    mail.add_alternative("<p>Version HTML.</p>", subtype="html")
    assert read_eml(write_eml(tmp_path, mail)).endswith("\n\nVersion HTML.\n")


def test_eml_text_attachment_is_not_the_body(tmp_path: Path) -> None:
    mail = message()
    mail.set_content("<p>Corps du message.</p>", subtype="html")
    mail.add_attachment("Pièce jointe en texte.", filename="annexe.txt")
    assert read_eml(write_eml(tmp_path, mail)).endswith("\n\nCorps du message.\n")


def test_eml_rfc2047_subject_is_decoded(tmp_path: Path) -> None:
    data = (b"From: recouvrement@example.fr\r\n"
            b"Subject: =?utf-8?q?Relance_amiable_=E2=80=93_facture_impay=C3=A9e?=\r\n"
            b" =?iso-8859-1?q?_n=B0_F-1?=\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\nMadame,\r\n")
    text = read_eml(write_eml(tmp_path, data))
    assert lines_of(text)[0] == "Objet : Relance amiable – facture impayée n° F-1"
    assert lines_of(text)[2] == "Madame,"


def test_eml_iso_8859_1_body(tmp_path: Path) -> None:
    data = (b"From: recouvrement@example.fr\nSubject: Relance\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=iso-8859-1\n"
            b"Content-Transfer-Encoding: quoted-printable\n\n"
            b"Votre facture reste impay=E9e, r=E9glez-la sous huit jours.\n")
    assert lines_of(read_eml(write_eml(tmp_path, data)))[2] == \
        "Votre facture reste impayée, réglez-la sous huit jours."


def test_eml_unknown_charset_falls_back_to_cp1252(tmp_path: Path) -> None:
    data = (b"Subject: Relance\nContent-Type: text/plain; charset=x-inconnu\n"
            b"Content-Transfer-Encoding: 8bit\n\n"
            b"Montant d\xfb : 1 200,00 \x80\x85\n")
    assert lines_of(read_eml(write_eml(tmp_path, data)))[2] == "Montant dû : 1 200,00 €…"


def test_eml_undeclared_8bit_body_is_read_as_utf8(tmp_path: Path) -> None:
    data = "Subject: Relance\n\nFacture impayée.\n".encode()
    assert lines_of(read_eml(write_eml(tmp_path, data)))[2] == "Facture impayée."


@pytest.mark.parametrize("data", [
    b"Madame,\nVotre facture reste impayee.\n",
    b"Objet: relance\nMadame,\n",
    bytes(range(1, 256)) * 4,
])
def test_eml_without_headers_is_corrupt(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match="corrompu"):
        read_eml(write_eml(tmp_path, data))


def test_eml_binary_garbage_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="fichier binaire"):
        read_eml(write_eml(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_eml_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="fichier vide") as caught:
        read_eml(write_eml(tmp_path, b" \n\n"))
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_eml_with_only_an_attachment_has_nothing_to_check(tmp_path: Path) -> None:
    mail = message()
    mail.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf",
                        filename="relance.pdf")
    with pytest.raises(InputError, match="aucun texte à vérifier"):
        read_eml(write_eml(tmp_path, mail))


def test_eml_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "enorme.eml"
    with path.open("wb") as handle:
        handle.truncate(MAX_EML_BYTES + 1)
    with pytest.raises(InputError, match="trop volumineux"):
        read_eml(str(path))


def test_read_capped_reads_the_whole_file_and_notices_one_that_grew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.letters import reader

    path = tmp_path / "lettre.txt"
    path.write_bytes(b"x" * 100)
    assert reader.read_capped(str(path), 1000, str) == b"x" * 100
    monkeypatch.setattr(reader.os.path, "getsize", lambda _: 10)  # measured before it grew
    assert reader.read_capped(str(path), 1000, str) == b"x" * 100
    with pytest.raises(InputError):
        reader.read_capped(str(path), 50, str)
