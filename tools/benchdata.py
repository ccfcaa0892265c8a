"""Real-shaped BibTeX for the scale benchmark: N entries, the same every run.

    .venv/bin/python tools/benchdata.py N > entries.bib

A homepage's ``.bib`` is pasted together from DBLP, the ACL Anthology, arXiv
and Google Scholar, so the entries here take those exports' shapes (their
keys, their fields, their ways of writing a venue):

- DBLP: ``DBLP:conf/…`` keys, a short ``booktitle`` and a ``crossref`` to an
  ``@proceedings`` entry that holds the editors and the publisher;
  ``timestamp``, ``biburl`` and ``bibsource``;
- ACL Anthology: ``smith-etal-2023-word`` keys, ``month = jul`` and a
  ``publisher`` given by an ``@string`` macro;
- arXiv: ``@misc`` with ``eprint``, ``archivePrefix`` and ``primaryClass``;
- Google Scholar: ``journal = {arXiv preprint arXiv:…}``;
- and the rarer ``@article``, ``@techreport``, ``@phdthesis`` and ``@book``.

Names and titles carry LaTeX accents (``M{\\"u}ller``, ``{\\'E}mile``,
``\\v{S}``, ``{\\o}``), titles carry math (``$O(n \\log n)$``) and braced
acronyms; author lists run from one name to forty, some ending in
``and others``; the owner (``Huang, Yuxiang``) is among the authors of some
entries, a few of which carry the homepage's own fields (``selected``,
``code``, ``venue_short``, ``equal_contribution``).

Everything is made up from a fixed seed: the people, titles and numbers are
not real, links go to ``example.org`` and DOIs use the ``10.5555`` prefix
that registries keep for examples. Only the shapes are real.
"""

from __future__ import annotations

import argparse
import random
import re
import sys

#: The seed: the same N always gives the same file.
SEED = 20261201
#: The owner, as ``docs/conf.py`` names him in ``homepage_owner_names``.
OWNER = "Huang, Yuxiang"
#: Share of entries with the owner among the authors.
OWNER_SHARE = 0.35

FAMILY_NAMES = [
    "Zhang",
    "Wang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Gao",
    "Zheng",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Lee",
    "Kim",
    "Park",
    "Nguyen",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Singh",
    "Kumar",
    "Patel",
    "Rossi",
    "Ferrari",
    "Novak",
    "Dubois",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
]
#: Family names written with LaTeX accents, as the exports write them.
ACCENTED_FAMILY_NAMES = (
    'M{\\"u}ller',
    'Sch{\\"o}lkopf',
    "Garc{\\'\\i}a",
    "Fran{\\c{c}}ois",
    "Dvo{\\v{r}}{\\'a}k",
    "{\\v{S}}koda",
    "S{\\o}rensen",
    "Gro{\\ss}",
    "Jim{\\'e}nez",
    "Ca{\\~n}ete",
    "{\\L}ukasik",
    "Ha{\\ss}ler",
)
GIVEN_NAMES = [
    "Wei",
    "Jing",
    "Min",
    "Hao",
    "Yu",
    "Xin",
    "Lei",
    "Yan",
    "Jie",
    "Tao",
    "Chao",
    "Bo",
    "Ming",
    "Ying",
    "Hui",
    "Lin",
    "Yi",
    "Kai",
    "Zhiyuan",
    "Xiaoming",
    "Jiayi",
    "Haoran",
    "Zihan",
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "Sarah",
    "Daniel",
    "Laura",
    "Kevin",
    "Anna",
    "Hiroshi",
    "Yuki",
    "Priya",
    "Arjun",
    "Giulia",
    "Marco",
    "Pavel",
    "Claire",
    "Lukas",
    "Sophie",
]
ACCENTED_GIVEN_NAMES = (
    "{\\'E}mile",
    "Jos{\\'e}",
    'Zo{\\"e}',
    'J{\\"o}rg',
    "Ren{\\'e}e",
    'Bj{\\"o}rn',
    "{\\O}ystein",
    "In{\\^e}s",
)

TITLE_OPENINGS = (
    "Efficient",
    "Scalable",
    "Towards",
    "On the Limits of",
    "Rethinking",
    "Learning",
    "Understanding",
    "Revisiting",
    "A Survey of",
    "Fast",
)
TITLE_SUBJECTS = (
    "Long-Context {LLM} Inference",
    "Speculative Decoding",
    "{KV}-Cache Eviction",
    "Sparse Attention",
    "Parameter-Efficient Fine-Tuning",
    "Mixture-of-Experts Routing",
    "Retrieval-Augmented Generation",
    "Tool Learning with Foundation Models",
    "{BERT}-Style Pre-Training",
    "Quantized Transformers",
    "Time Series Compression",
    "Instruction Tuning",
)
TITLE_TAILS = (
    "",
    " with Trained Retaining Heads",
    " in {$O(n \\log n)$} Time",
    " under an {$\\ell_1$} Budget",
    " for {$k$}-Nearest Neighbours",
    " on Consumer-Grade Devices",
    ": Theory and Practice",
    " via {$\\mathcal{O}(1)$} Memory",
    " for Caf{\\'e}-Scale Clusters",
    " at $10^{6}$ Tokens",
)

#: Conferences: (DBLP venue, full proceedings name, @string macro or None).
CONFERENCES = (
    ("acl", "Annual Meeting of the Association for Computational Linguistics", "acl"),
    ("emnlp", "Conference on Empirical Methods in Natural Language Processing", "acl"),
    ("naacl", "Conference of the North American Chapter of the ACL", "acl"),
    ("nips", "Advances in Neural Information Processing Systems", "neurips"),
    ("icml", "International Conference on Machine Learning", "pmlr"),
    ("iclr", "International Conference on Learning Representations", None),
    ("aaai", "AAAI Conference on Artificial Intelligence", "aaai"),
    ("sigmod", "International Conference on Management of Data", "acm"),
)
JOURNALS = (
    "ACM Computing Surveys",
    "Proceedings of the {VLDB} Endowment",
    "Transactions of the Association for Computational Linguistics",
    "Journal of Machine Learning Research",
    "{IEEE} Transactions on Pattern Analysis and Machine Intelligence",
)
#: The @string macros at the top of the file.
MACROS = {
    "acl": "Association for Computational Linguistics",
    "neurips": "Curran Associates, Inc.",
    "pmlr": "{PMLR}",
    "aaai": "{AAAI} Press",
    "acm": "{ACM}",
}
_ENTRY_START = re.compile(r"^@(\w+)\{", re.MULTILINE)
ARXIV_CLASSES = ("cs.CL", "cs.LG", "cs.AI", "cs.DB", "cs.DC")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct")
YEARS = tuple(range(2012, 2026))

#: Entry shapes and how often each comes, out of 100.
SHAPES = (
    ("dblp", 30),
    ("acl", 20),
    ("arxiv", 15),
    ("scholar", 12),
    ("article", 12),
    ("techreport", 4),
    ("phdthesis", 4),
    ("book", 3),
)


def _person(rng: random.Random) -> str:
    family = (
        rng.choice(ACCENTED_FAMILY_NAMES)
        if rng.random() < 0.12
        else rng.choice(FAMILY_NAMES)
    )
    given = (
        rng.choice(ACCENTED_GIVEN_NAMES)
        if rng.random() < 0.08
        else rng.choice(GIVEN_NAMES)
    )
    if rng.random() < 0.1:
        given += f" {rng.choice('ABCDEFGHJKLMNPRSTW')}."
    return f"{family}, {given}"


def _authors(rng: random.Random, with_owner: bool) -> list[str]:
    # Most papers have a handful of authors; surveys and model reports dozens.
    count = min(40, max(1, int(rng.lognormvariate(1.5, 0.6))))
    if rng.random() < 0.04:
        count = rng.randint(20, 40)
    people: list[str] = []
    while len(people) < count:
        person = _person(rng)
        if person not in people and person != OWNER:
            people.append(person)
    if with_owner:
        people.insert(rng.randrange(min(len(people), 4) + 1), OWNER)
    if len(people) > 8 and rng.random() < 0.2:
        people = [*people[:8], "others"]
    return people


def _title(rng: random.Random) -> str:
    return (
        f"{rng.choice(TITLE_OPENINGS)} {rng.choice(TITLE_SUBJECTS)}"
        f"{rng.choice(TITLE_TAILS)}"
    )


def _surname_word(author: str) -> str:
    """The first author's family name as a key's letters (accents dropped)."""
    family = author.split(",")[0]
    letters = "".join(c for c in family if c.isascii() and c.isalpha())
    return letters or "anon"


def _format(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = []
    for name, value in fields:
        # A value of a macro (or month) goes in bare; the rest in braces.
        body = value if value in MACROS or value in MONTHS else "{" + value + "}"
        lines.append(f"  {name.ljust(width)} = {body}")
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}\n"


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.keys: set[str] = set()
        self.titles: set[str] = set()
        #: DBLP proceedings keys already written, in order.
        self.proceedings: dict[str, str] = {}

    def key(self, base: str) -> str:
        key, suffix = base, 0
        while key.lower() in self.keys:
            suffix += 1
            key = (
                f"{base}{'abcdefghijklmnopqrstuvwxyz'[suffix % 26]}{suffix // 26 or ''}"
            )
        self.keys.add(key.lower())
        return key

    def title(self) -> str:
        """A title no other paper of the file has: a real list seldom repeats
        one, and the site warns when a title comes twice in one year."""
        for _ in range(100):
            title = _title(self.rng)
            if title not in self.titles:
                break
        else:  # more papers than the word lists make titles
            title = f"{title}, Part {len(self.titles)}"
        self.titles.add(title)
        return title

    def entry(self, index: int) -> str:
        rng = self.rng
        shape = rng.choices(
            [name for name, _ in SHAPES], weights=[w for _, w in SHAPES]
        )[0]
        with_owner = rng.random() < OWNER_SHARE
        authors = _authors(rng, with_owner)
        title = self.title()
        year = rng.choice(YEARS)
        first = _surname_word(authors[0]).lower()
        word = title.split()[0].strip("{}").lower()
        fields: list[tuple[str, str]] = [
            ("author", " and ".join(authors)),
            ("title", title),
        ]
        kind, key, extra = getattr(self, "_" + shape)(index, fields, year, first, word)
        fields.extend(extra)
        # A thesis or a book keeps only some of the authors: ask the final list.
        authors = fields[0][1].split(" and ")
        if OWNER in authors:
            fields.extend(self._homepage_fields(authors, index))
        return _format(kind, key, fields)

    def _homepage_fields(self, authors: list[str], index: int) -> list[tuple[str, str]]:
        rng = self.rng
        extra: list[tuple[str, str]] = []
        if rng.random() < 0.4:
            extra.append(("code", f"https://example.org/code/{index}"))
        if rng.random() < 0.1:
            extra.append(("selected", "true"))
        if rng.random() < 0.1 and len(authors) > 1 and authors[0] != OWNER:
            extra.append(("equal_contribution", f"{authors[0]} and {OWNER}"))
        return extra

    def _dblp(self, index, fields, year, first, word):
        venue, name, macro = self.rng.choice(CONFERENCES)
        proceedings = f"DBLP:conf/{venue}/{year}"
        if proceedings not in self.proceedings:
            self.proceedings[proceedings] = _format(
                "proceedings",
                self.key(proceedings),
                [
                    ("editor", " and ".join(_authors(self.rng, False)[:4])),
                    ("title", f"Proceedings of the {year} {name}"),
                    ("booktitle", f"Proceedings of the {year} {name}"),
                    ("publisher", macro or "OpenReview.net"),
                    ("year", str(year)),
                    ("url", f"https://example.org/proceedings/{venue}/{year}"),
                    (
                        "timestamp",
                        f"Mon, 0{self.rng.randint(1, 9)} Jan {year + 1} 12:00:00 +0100",
                    ),
                    ("biburl", f"https://example.org/rec/conf/{venue}/{year}.bib"),
                    (
                        "bibsource",
                        "dblp computer science bibliography, https://dblp.org",
                    ),
                ],
            )
        key = self.key(f"DBLP:conf/{venue}/{first.capitalize()}{year % 100:02d}")
        start = self.rng.randint(1, 9000)
        return (
            "inproceedings",
            key,
            [
                ("booktitle", f"{{{venue.upper()}}}"),
                ("pages", f"{start}--{start + self.rng.randint(8, 14)}"),
                ("year", str(year)),
                ("crossref", proceedings),
                ("url", f"https://example.org/{venue}/{year}/{index}"),
                ("doi", f"10.5555/{venue}.{year}.{index}"),
                (
                    "timestamp",
                    f"Tue, 0{self.rng.randint(1, 9)} Feb {year + 1} 08:00:00 +0100",
                ),
                ("biburl", f"https://example.org/rec/{key}.bib"),
                ("bibsource", "dblp computer science bibliography, https://dblp.org"),
            ],
        )

    def _acl(self, index, fields, year, first, word):
        venue, name, _ = self.rng.choice(CONFERENCES[:3])
        key = self.key(f"{first}-etal-{year}-{word}")
        start = self.rng.randint(1, 9000)
        return (
            "inproceedings",
            key,
            [
                ("booktitle", f"Proceedings of the {year} {name}"),
                ("month", self.rng.choice(MONTHS)),
                ("year", str(year)),
                ("address", "Online"),
                ("publisher", "acl"),
                ("url", f"https://example.org/anthology/{year}.{venue}-long.{index}/"),
                ("doi", f"10.5555/v1/{year}.{venue}-long.{index}"),
                ("pages", f"{start}--{start + self.rng.randint(8, 14)}"),
            ],
        )

    def _arxiv_id(self, year: int, index: int) -> str:
        return f"{year % 100:02d}{self.rng.randint(1, 12):02d}.{index:05d}"

    def _arxiv(self, index, fields, year, first, word):
        eprint = self._arxiv_id(year, index)
        return (
            "misc",
            self.key(f"{first}{year}{word}"),
            [
                ("year", str(year)),
                ("eprint", eprint),
                ("archivePrefix", "arXiv"),
                ("primaryClass", self.rng.choice(ARXIV_CLASSES)),
                ("url", f"https://example.org/abs/{eprint}"),
            ],
        )

    def _scholar(self, index, fields, year, first, word):
        return (
            "article",
            self.key(f"{first}{year}{word}"),
            [
                ("journal", f"arXiv preprint arXiv:{self._arxiv_id(year, index)}"),
                ("year", str(year)),
            ],
        )

    def _article(self, index, fields, year, first, word):
        start = self.rng.randint(1, 3000)
        return (
            "article",
            self.key(f"{first}{year}{word}"),
            [
                ("journal", self.rng.choice(JOURNALS)),
                ("volume", str(self.rng.randint(1, 60))),
                ("number", str(self.rng.randint(1, 12))),
                ("pages", f"{start}--{start + self.rng.randint(10, 40)}"),
                ("year", str(year)),
                ("publisher", "acm"),
                ("doi", f"10.5555/journal.{year}.{index}"),
            ],
        )

    def _techreport(self, index, fields, year, first, word):
        return (
            "techreport",
            self.key(f"{first}{year}{word}"),
            [
                ("institution", "Department of Computer Science, Example University"),
                ("number", f"TR-{year}-{index:03d}"),
                ("year", str(year)),
            ],
        )

    def _phdthesis(self, index, fields, year, first, word):
        fields[0] = ("author", fields[0][1].split(" and ")[0])
        return (
            "phdthesis",
            self.key(f"{first}{year}thesis"),
            [("school", "Example University"), ("year", str(year))],
        )

    def _book(self, index, fields, year, first, word):
        fields[0] = ("author", " and ".join(fields[0][1].split(" and ")[:3]))
        return (
            "book",
            self.key(f"{first}{year}{word}"),
            [
                ("publisher", "{MIT} Press"),
                ("address", "Cambridge, MA"),
                ("edition", "2nd"),
                ("year", str(year)),
            ],
        )


def generate_bib(count: int, seed: int = SEED) -> str:
    """*count* real-shaped entries (plus the @proceedings their crossrefs name).

    The same *count* and *seed* always give the same text. ``@proceedings``
    entries come after the papers that cite them, as BibTeX wants them.
    """
    generator = _Generator(seed)
    papers = [generator.entry(index) for index in range(count)]
    macros = "".join(
        f'@string{{{name} = "{value}"}}\n' for name, value in MACROS.items()
    )
    header = (
        "% Generated by tools/benchdata.py: made-up entries in real shapes,"
        " for the scale benchmark.\n"
    )
    return "\n".join([header + macros, *papers, *generator.proceedings.values()])


def edit_one_entry(text: str) -> str:
    """*text* with the middle paper's title changed: the one-edit rebuild."""
    starts = [
        match.start()
        for match in _ENTRY_START.finditer(text)
        if match.group(1).lower() not in {"string", "proceedings"}
    ]
    if not starts:
        raise ValueError("no paper to edit")
    title = re.compile(r"^  title\s*= \{", re.MULTILINE).search(
        text, starts[len(starts) // 2]
    )
    if title is None:
        raise ValueError("no title to edit")
    return text[: title.end()] + "Edited: " + text[title.end() :]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many papers")
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    sys.stdout.write(generate_bib(options.count, options.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
