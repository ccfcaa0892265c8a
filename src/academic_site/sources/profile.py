"""The site owner's profile: one YAML file, read once, shown by ``profile-card``.

The card shows the owner's photo, or generated initials when no photo is set,
so the site needs no image to look finished; ``photo: _static/me.jpg`` in the
profile file is the one line that adds a real one.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from academic_site.site import containment, escaping
from academic_site.site.config import homepage_config
from academic_site.site.datafile import (
    DataFileError,
    FieldReader,
    Loaded,
    modified_ns,
    read_yaml,
    report_file_problems,
    report_missing_file,
    unprintable,
    wrong_shape,
)
from academic_site.site.escaping import is_safe_url, is_site_path
from academic_site.site.i18n import translatable_text
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_ = get_translation("academic_site")

#: Warning subtype for problems in the profile file.
SUBTYPE = Subtype.PROFILE

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """One labelled link of the profile (GitHub, Google Scholar, …)."""

    #: What the link is called on the page.
    label: str
    #: Where it goes: an ``https://`` URL.
    url: str


@dataclass(frozen=True)
class Profile:
    """Everything the site says about its owner in more than one place."""

    #: The owner's name in Latin script, as the site's title shows it.
    name: str
    #: The name in the owner's native script (黄宇翔).
    native_name: str | None
    #: Other names the owner goes by.
    alternate_names: tuple[str, ...]
    #: Short line under the name.
    tagline: str | None
    #: Where the owner works, in one phrase.
    affiliation: str
    #: The owner's lab, and its home page.
    lab: Link | None
    #: City and country.
    location: str | None
    #: Public e-mail address.
    email: str | None
    #: Path of a photo relative to the source directory, or ``None``.
    photo: str | None
    #: Languages the owner speaks.
    languages: tuple[str, ...]
    #: Profiles elsewhere, in the order the card shows them.
    links: tuple[Link, ...]
    #: The line of the profile file that sets the photo, for messages.
    photo_line: int = dataclasses.field(default=0, compare=False)

    FIELDS: ClassVar[set[str]] = {
        "name",
        "native_name",
        "alternate_names",
        "tagline",
        "affiliation",
        "lab",
        "location",
        "email",
        "photo",
        "languages",
        "links",
    }

    @property
    def initials(self) -> str:
        """Initials for the photo slot: ``Yuxiang Huang`` gives ``YH``."""
        return "".join(word[0] for word in self.name.split() if word[:1].isalpha())


def _texts(reader: FieldReader, name: str, problems: list[DataFileError]) -> tuple:
    value = reader.mapping.get(name)
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(reader.error(name, f"{name!r} must be a list of text"))
        return ()
    texts = []
    for index, item in enumerate(value):
        line = _item_line(value, index, reader.line_of(name))
        if not isinstance(item, str) or not item or unprintable(item):
            problems.append(
                DataFileError(reader.path, line, f"each of {name!r} must be text")
            )
        else:
            texts.append(item)
    return tuple(texts)


def _item_line(sequence: list, index: int, default: int) -> int:
    lines = getattr(sequence, "item_lines", ())
    return lines[index] if index < len(lines) else default


def _link(path: Path, value: object, what: str, line: int) -> Link:
    reader = FieldReader.of(path, value, what, line)
    reader.unknown_fields({"label", "url"})
    return Link(label=reader.text("label"), url=reader.url("url"))


def _optional(
    problems: list[DataFileError], read: Callable[[], T], default: T = None
) -> T:
    # An optional field that is wrong is reported and left out; the rest of
    # the profile is still shown.
    try:
        return read()
    except DataFileError as error:
        problems.append(error)
        return default


def _photo(reader: FieldReader) -> str | None:
    photo = reader.text("photo", required=False)
    if photo is not None and not is_site_path(photo.lstrip("/")):
        raise reader.error(
            "photo",
            f"'photo' must be a path in the site such as _static/me.jpg, not {photo!r}",
        )
    return photo.lstrip("/") if photo else None


def _email(reader: FieldReader) -> str | None:
    email = reader.text("email", required=False)
    if email is not None and not (
        "@" in email and is_safe_url("mailto:" + email, mailto=True)
    ):
        raise reader.error("email", f"'email' is not an address: {email!r}")
    return email


def read_profile_data(path: Path, data: object) -> Loaded[Profile]:
    """The profile in the parsed file *data*, and every problem in it.

    A wrong optional field (a link, the photo, the e-mail …) is a problem
    and is left out; a file without a usable ``name`` and ``affiliation``
    gives no profile.
    """
    if not isinstance(data, dict):
        return Loaded(None, (wrong_shape(path, data, "a mapping of fields"),))
    reader = FieldReader.of(path, data, "the profile")
    problems: list[DataFileError] = []
    _optional(problems, lambda: reader.unknown_fields(Profile.FIELDS))
    try:
        name = reader.text("name")
        affiliation = reader.text("affiliation")
    except DataFileError as error:
        return Loaded(None, (*problems, error))
    links = reader.mapping.get("links") or []
    if not isinstance(links, list):
        problems.append(reader.error("links", "'links' must be a list"))
        links = []
    lab = reader.mapping.get("lab")
    line = reader.line_of

    def optional_text(field: str) -> str | None:
        return _optional(problems, lambda: reader.text(field, required=False))

    profile = Profile(
        name=name,
        native_name=optional_text("native_name"),
        alternate_names=_texts(reader, "alternate_names", problems),
        tagline=optional_text("tagline"),
        affiliation=affiliation,
        lab=_optional(problems, lambda: _link(path, lab, "'lab'", line("lab")))
        if lab is not None
        else None,
        location=optional_text("location"),
        email=_optional(problems, lambda: _email(reader)),
        photo=_optional(problems, lambda: _photo(reader)),
        languages=_texts(reader, "languages", problems),
        links=tuple(
            link
            for index, value in enumerate(links)
            if (
                link := _optional(
                    problems,
                    lambda value=value, index=index: _link(
                        path,
                        value,
                        "each of 'links'",
                        _item_line(links, index, line("links")),
                    ),
                )
            )
            is not None
        ),
        photo_line=line("photo"),
    )
    return Loaded(profile, tuple(problems))


def parse_profile(path: Path, data: object) -> Profile:
    """Validate the parsed profile file; raise :class:`DataFileError` at its
    first problem."""
    return read_profile_data(path, data).strict()


@functools.lru_cache(maxsize=4)
def _read_profile(path: Path, mtime_ns: int) -> Loaded[Profile]:
    try:
        document = read_yaml(path)
    except DataFileError as error:
        return Loaded(None, (error,))
    loaded = read_profile_data(path, document.value)
    return Loaded(loaded.value, (*document.problems, *loaded.problems))


def profile_path(env: BuildEnvironment) -> Path:
    """Where this project's profile file is."""
    return Path(env.srcdir, homepage_config(env).profile_file)


def read_profile(path: Path) -> Loaded[Profile]:
    """The profile at *path* with every problem in it (cached until the file
    changes)."""
    return _read_profile(path, modified_ns(path))


def load_profile(path: Path) -> Profile:
    """Read the profile at *path*; raise :class:`DataFileError` if there is
    none to show (a wrong optional field is left out, not raised)."""
    loaded = read_profile(path)
    if loaded.value is None:
        raise loaded.problems[0]
    return loaded.value


def photo_exists(env: BuildEnvironment, profile: Profile) -> bool:
    """Whether the profile's photo is a file of the source directory (resolved,
    symlinks too) that may be published."""
    if not profile.photo:
        return False
    path = Path(env.srcdir, profile.photo)
    return path.is_file() and containment.refusal(path, Path(env.srcdir)) is None


def site_profile(srcdir: str | Path, config: Config) -> Profile | None:
    """The owner's profile, or ``None`` (the profile directive reports errors)."""
    try:
        return load_profile(Path(srcdir, homepage_config(config).profile_file))
    except DataFileError:
        return None


def contact_items(profile: Profile) -> list[nodes.list_item]:
    """List items for the owner's e-mail address and profile links."""
    items = []
    if profile.email:
        email = nodes.paragraph(text=_("Email: "))
        email += nodes.reference("", profile.email, refuri="mailto:" + profile.email)
        items.append(nodes.list_item("", email))
    for link in profile.links:
        reference = nodes.reference("", link.label, refuri=link.url)
        items.append(nodes.list_item("", nodes.paragraph("", "", reference)))
    return items


class _ProfileDirective(SphinxDirective):
    """A directive that renders something from the profile file."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = profile_path(self.env)
        self.env.note_dependency(str(path))
        profile = read_profile(path).value
        if profile is None:  # (reported once, by _report_problems)
            if not path.exists():
                report_missing_file(self.env, path, SUBTYPE)
            return []
        return self.render(profile)

    def render(self, profile: Profile) -> list[nodes.Node]:
        raise NotImplementedError


class ContactLinks(_ProfileDirective):
    """Render the owner's e-mail address and profile links as a list."""

    def render(self, profile: Profile) -> list[nodes.Node]:
        contacts = nodes.bullet_list(classes=["profile-contacts"])
        contacts.extend(contact_items(profile))
        return [contacts]


class ProfileCard(_ProfileDirective):
    """Render the owner's card: photo or initials, tagline, contacts.

    ``:show-name:`` adds the name, for pages whose title is not the name.
    """

    option_spec: ClassVar = {"show-name": directives.flag}

    def render(self, profile: Profile) -> list[nodes.Node]:
        card = nodes.container(classes=["profile-card"])
        card += self._photo(profile)
        details = nodes.container(classes=["profile-details"])
        if "show-name" in self.options:
            name = nodes.paragraph(classes=["profile-name"])
            name += nodes.strong(text=profile.name)
            if profile.native_name:
                name += nodes.Text(" ")
                name += nodes.inline(
                    text=profile.native_name, classes=["profile-native-name"]
                )
            details += name
        if profile.tagline:
            details += nodes.paragraph(
                "", "", nodes.emphasis(text=profile.tagline), classes=["tagline"]
            )
        facts = nodes.bullet_list(classes=["profile-contacts"])
        affiliation = nodes.paragraph()
        affiliation += translatable_text(self, profile.affiliation)
        if profile.lab:
            affiliation += nodes.Text(" · ")
            affiliation += nodes.reference(
                "", profile.lab.label, refuri=profile.lab.url
            )
        facts += nodes.list_item("", affiliation)
        if profile.location:
            location = translatable_text(self, profile.location)
            facts += nodes.list_item("", nodes.paragraph("", "", location))
        facts.extend(contact_items(profile))
        details += facts
        card += details
        return [card]

    def _photo(self, profile: Profile) -> nodes.Node:
        if profile.photo:  # so that adding or removing the file shows
            self.env.note_dependency(profile.photo)
        if photo_exists(self.env, profile):
            # Written as the photo's squares when the page is (outputs.photo):
            # no image node, or Sphinx would publish the original too. The
            # alt text is the extension catalog's, not a message of the page.
            name = edition_name(profile, self.config.language)
            return profile_photo(
                alt=_("Photo of {name}").format(name=name), initials=profile.initials
            )
        return nodes.raw("", initials_html(profile.initials), format="html")


class profile_photo(nodes.General, nodes.Element):
    """The card's photo until the page is written: its ``alt`` text and the
    ``initials`` shown instead when the photo cannot be published."""


def initials_html(initials: str) -> str:
    """The card's stand-in for a photo: the owner's initials in a circle."""
    return (
        '<span class="profile-photo profile-initials" aria-hidden="true">'
        f"{escaping.text(initials)}</span>"
    )


def _show_email_addresses_plainly(app: Sphinx) -> None:
    # Docutils "cloaks" addresses by splitting them into spans and escaping the
    # @ in the href; the address is public, and cloaking breaks copy-and-paste,
    # find-in-page and the structured data that names it.
    app.env.settings["cloak_email_addresses"] = False


def _report_problems(app: Sphinx) -> None:
    # Once per build, incremental or not, so -W fails while the file is wrong
    # and each problem is printed once, however many places show the profile.
    path = profile_path(app.env)
    if not path.exists():
        return  # a site without a profile; a directive that needs one says so
    loaded = read_profile(path)
    report_file_problems(app.env, loaded, SUBTYPE)
    profile = loaded.value
    if profile is not None and profile.photo and not photo_exists(app.env, profile):
        DataFileError(
            path,
            profile.photo_line,
            f"'photo' {profile.photo!r} is not a file of the source directory "
            "(the card shows the initials)",
        ).warn(SUBTYPE)


def edition_name(profile: Profile, language: str | None) -> str:
    """The owner's name as an edition writes it: the native name (黄宇翔) in
    every edition but the English one (handbook/translations.md)."""
    english = (language or "en").split("_")[0].split("-")[0] == "en"
    return profile.name if english or not profile.native_name else profile.native_name


def _shown_on_every_page(app: Sphinx, doctree: nodes.document) -> None:
    # Every page shows the profile: the footer's name, the social card's alt
    # text, and on the home and publication pages the structured data. So an
    # edit rebuilds them all. (A file that is not there would make every
    # build read every page again: Sphinx counts it as changed.)
    path = profile_path(app.env)
    if homepage_config(app).profile_file and path.is_file():
        app.env.note_dependency(str(path))


def _footer_name(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    # The footer's "© Yuxiang Huang" (conf.py's copyright) in the edition's way.
    name = context.get("copyright")
    if not isinstance(name, str) or not homepage_config(app).profile_file:
        return
    try:
        profile = load_profile(profile_path(app.env))
    except DataFileError:
        return  # reported once, by _report_problems
    shown = edition_name(profile, app.config.language)
    if shown != profile.name:
        context["copyright"] = name.replace(profile.name, shown)


def setup_profile(app: Sphinx) -> None:
    """Register the ``profile-card`` and ``contact-links`` directives."""
    app.connect("builder-inited", _show_email_addresses_plainly)
    app.connect("builder-inited", _report_problems)
    app.connect("doctree-read", _shown_on_every_page)
    app.connect("html-page-context", _footer_name)
    app.add_directive("profile-card", ProfileCard)
    app.add_directive("contact-links", ContactLinks)
