"""The normalised text every check reads, and its map back to the original."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.letters.normalize import NormalizedText, normalize, normalize_phrase

# Characters the fast path treats specially, mixed into generated text so that every branch
# (markers, white-space runs, expansions, removals) is exercised, not only ASCII.
INTERESTING = (
    "aAeEéÉèêëàâäçÇîïôöùûüÿŸœŒæÆßẞİıøØłŁﬁ…’‘ʼ`´′«»“”„″‐‑‒–—−€°"
    " \t\n\r\x0b\x0c\x85\u00a0\u202f\u2009\u2007\u2028\u2029\u3000"
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0301\u0327\x1a'\"-."
)
texts = st.text(st.one_of(st.sampled_from(INTERESTING), st.characters()), max_size=60)


def reference(original: str) -> tuple[str, list[int]]:
    """Character by character: fold each source character, then collapse white space.

    A slow, obviously-correct statement of the contract that the fast implementation must
    reproduce exactly, text and origins.
    """
    produced = [(c, i) for i, source in enumerate(original) for c in normalize_phrase(source)]
    text: list[str] = []
    origin: list[int] = []
    run: list[tuple[str, int]] = []
    for c, i in [*produced, ("", len(original))]:
        if c in (" ", "\n"):
            run.append((c, i))
            continue
        if run:
            breaks = [j for d, j in run if d == "\n"]
            text.append("\n" if breaks else " ")
            origin.append(breaks[0] if breaks else run[0][1])
            run = []
        if c:
            text.append(c)
            origin.append(i)
    return "".join(text), [*origin, len(original)]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("L’huissier", "l'huissier"),
        ("L'HUISSIER", "l'huissier"),
        ("l‘huissier lʼhuissier l`huissier l´huissier l′huissier",
         "l'huissier l'huissier l'huissier l'huissier l'huissier"),
        ("1\u202f234,56\u00a0€", "1 234,56 €"),
        ("Montant\u00a0:\u200912\u2007000", "montant : 12 000"),
        ("Œuvre, cœur, Æsop, Straße, GROẞ", "oeuvre, coeur, aesop, strasse, gross"),
        ("Échéance dépassée à Noël : garçon, maïs, L'HÔTEL, ÿ",
         "echeance depassee a noel : garcon, mais, l'hotel, y"),
        ("e\u0301te\u0301", "ete"),
        ("İstanbul, Łódź, Øre", "istanbul, lodz, ore"),
        ("« Payez » “vite” „bitte” ″x″", '" payez " "vite" "bitte" "x"'),
        ("a‐b‑c‒d–e—f−g", "a-b-c-d-e-f-g"),
        ("Attendez…", "attendez..."),
        ("re\u00adcou\u200bvre\u200cment\u200d\u2060\ufeff", "recouvrement"),
        ("a\r\nb", "a\nb"),
        ("a\r\n\r\nb", "a\nb"),
        ("a\t\tb\tc", "a b c"),
        ("a\n\n\n  b", "a\nb"),
        ("a  \n\t\n b", "a\nb"),
        ("a\u2028b\u2029c\x85d", "a\nb\nc\nd"),
        ("  début  ", " debut "),
        ("\n\nfin\n\n", "\nfin\n"),
        ("a \u200b b", "a b"),
        ("", ""),
    ],
)
def test_examples(original: str, expected: str) -> None:
    assert normalize(original).text == expected
    assert normalize_phrase(original) == expected


def test_origin_of_expansions_and_removals() -> None:
    norm = normalize("Œuvre\u200b !")
    assert norm.text == "oeuvre !"
    assert list(norm.origin) == [0, 0, 1, 2, 3, 4, 6, 7, 8]


def test_collapsed_run_maps_to_its_first_line_break() -> None:
    norm = normalize("a  \r\n\t b")
    assert norm.text == "a\nb"
    assert list(norm.origin) == [0, 3, 7, 8]


def test_span_to_original_covers_the_source_characters() -> None:
    original = "Mise en demeure\u00a0: L’HUISSIER   de Justice"
    norm = normalize(original)
    start = norm.text.index("l'huissier de")
    end = start + len("l'huissier de")
    begin, finish = norm.span_to_original(start, end)
    assert original[begin:finish] == "L’HUISSIER   de"
    assert norm.span_to_original(start, start) == (begin, begin)
    whole = norm.span_to_original(0, len(norm.text))
    assert whole == (0, len(original))


def test_span_ending_in_an_expansion_takes_the_whole_character() -> None:
    norm = normalize("un bœuf")
    start = norm.text.index("boe")
    assert norm.span_to_original(start, start + 3) == (3, 5)


def test_origin_behaves_as_a_sequence() -> None:
    norm = normalize("Ça  va")
    origin = norm.origin
    assert len(origin) == len(norm.text) + 1
    assert origin[-1] == len(norm.original)
    assert list(origin[1:3]) == [origin[1], origin[2]]
    with pytest.raises(IndexError):
        origin[len(origin)]


def test_latin_letters_fold_to_their_base_letter() -> None:
    for code in range(0xC0, 0x250):
        char = chr(code)
        if not char.isalpha():
            continue
        folded = normalize_phrase(char)
        assert folded == normalize_phrase(folded), char
        base = unicodedata.normalize("NFD", char)[0].lower()
        if base.isascii():
            assert folded.startswith(base), (char, folded)


@given(texts)
@settings(max_examples=400)
def test_matches_the_character_by_character_reference(original: str) -> None:
    norm = normalize(original)
    text, origin = reference(original)
    assert norm.text == text
    assert list(norm.origin) == origin


@given(texts)
def test_origin_is_a_monotonic_map_into_the_original(original: str) -> None:
    norm = normalize(original)
    origin = list(norm.origin)
    assert len(origin) == len(norm.text) + 1
    assert origin[-1] == len(original)
    assert all(a <= b for a, b in itertools.pairwise(origin))
    assert all(0 <= origin[i] < len(original) for i in range(len(norm.text)))


@given(texts)
def test_each_letter_comes_from_its_source_character(original: str) -> None:
    norm = normalize(original)
    for i, char in enumerate(norm.text):
        if "a" <= char <= "z":
            assert char in normalize_phrase(original[norm.origin[i]])


@given(texts)
def test_white_space_is_one_space_or_one_line_break(original: str) -> None:
    """compile_terms (kinds/base.py) joins words with `[ \\n]` and relies on this."""
    text = normalize(original).text
    assert not re.search(r"[^\S \n]|\s\s", text)


@given(texts)
def test_idempotent(original: str) -> None:
    once = normalize(original).text
    assert normalize(once).text == once


@given(texts)
def test_phrase_and_text_agree(original: str) -> None:
    assert normalize_phrase(original) == normalize(original).text


PHRASES = [
    "l'huissier de justice",
    "mise en demeure de payer",
    "à défaut de règlement sous huitaine",
    "frais de recouvrement à la charge du créancier",
    "qu'il s'agit d'une créance échue",
]
APOSTROPHES = "'’‘ʼ`´′"
SPACES = [" ", "  ", "\u00a0", "\u202f", "\t", " \u200b"]


@st.composite
def variants(draw: st.DrawFn) -> tuple[str, str]:
    """A phrase and a rewriting of it with other case, accents, apostrophes and spaces."""
    phrase = draw(st.sampled_from(PHRASES))
    out = []
    for char in phrase:
        if char == "'":
            out.append(draw(st.sampled_from(APOSTROPHES)))
        elif char == " ":
            out.append(draw(st.sampled_from(SPACES)))
        elif char.isalpha():
            form = draw(st.sampled_from(["same", "upper", "nfd", "plain"]))
            if form == "upper":
                out.append(char.upper())
            elif form == "nfd":
                out.append(unicodedata.normalize("NFD", char))
            elif form == "plain":
                out.append(unicodedata.normalize("NFD", char)[0])
            else:
                out.append(char)
        else:
            out.append(char)
    return phrase, "".join(out)


@given(variants())
def test_spelling_variants_normalise_alike(pair: tuple[str, str]) -> None:
    phrase, variant = pair
    assert normalize(variant).text == normalize(phrase).text


def test_normalized_text_is_frozen() -> None:
    norm = normalize("abc")
    assert isinstance(norm, NormalizedText)
    with pytest.raises(AttributeError):
        norm.text = "x"  # type: ignore[misc]
