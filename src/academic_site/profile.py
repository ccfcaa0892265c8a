"""The site owner's profile: one YAML file, read once, shown by ``profile-card``.

The card shows the owner's photo, or generated initials when no photo is set,
so the site needs no image to look finished; ``photo: _static/me.jpg`` in the
profile file is the one line that adds a real one.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from academic_site.datafile import DataFileError, FieldReader, load_yaml, modified_ns
from academic_site.i18n import translatable_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_ = get_translation("academic_site")

#: Warning subtype for problems in the profile file.
SUBTYPE = "profile"


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


def _texts(path: Path, value: object, what: str, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(path, line, f"{what!r} must be a list of text")
    return tuple(value)


def _link(path: Path, value: object, what: str) -> Link:
    reader = FieldReader.of(path, value, what)
    reader.unknown_fields({"label", "url"})
    return Link(label=reader.text("label"), url=reader.url("url"))


def parse_profile(path: Path, data: object) -> Profile:
    """Validate the parsed profile file; raise :class:`DataFileError` if wrong."""
    reader = FieldReader.of(path, data, "the profile")
    reader.unknown_fields(Profile.FIELDS)
    email = reader.text("email", required=False)
    if email is not None and ("@" not in email or email.startswith("mailto:")):
        raise DataFileError(path, reader.line, f"'email' is not an address: {email}")
    links = reader.mapping.get("links") or []
    if not isinstance(links, list):
        raise DataFileError(path, reader.line, "'links' must be a list")
    lab = reader.mapping.get("lab")
    return Profile(
        name=reader.text("name"),
        native_name=reader.text("native_name", required=False),
        alternate_names=_texts(
            path, reader.mapping.get("alternate_names"), "alternate_names", reader.line
        ),
        tagline=reader.text("tagline", required=False),
        affiliation=reader.text("affiliation"),
        lab=_link(path, lab, "'lab'") if lab is not None else None,
        location=reader.text("location", required=False),
        email=email,
        photo=reader.text("photo", required=False),
        languages=_texts(
            path, reader.mapping.get("languages"), "languages", reader.line
        ),
        links=tuple(_link(path, link, "each of 'links'") for link in links),
    )


@functools.lru_cache(maxsize=4)
def _load_profile(path: Path, mtime_ns: int) -> Profile:
    return parse_profile(path, load_yaml(path))


def profile_path(env: BuildEnvironment) -> Path:
    """Where this project's profile file is."""
    return Path(env.srcdir, env.config.homepage_profile_file)


def load_profile(path: Path) -> Profile:
    """Read and validate the profile at *path* (cached until it changes)."""
    return _load_profile(path, modified_ns(path))


def site_profile(srcdir: str | Path, config: Config) -> Profile | None:
    """The owner's profile, or ``None`` (the profile directive reports errors)."""
    try:
        return load_profile(Path(srcdir, config.homepage_profile_file))
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
        try:
            profile = load_profile(path)
        except DataFileError as error:
            error.warn(SUBTYPE)
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
        if profile.photo:
            return nodes.image(
                uri="/" + profile.photo.lstrip("/"),  # from the source root
                alt=_("Photo of {name}").format(name=profile.name),
                classes=["profile-photo"],
            )
        return nodes.raw(
            "",
            '<span class="profile-photo profile-initials" aria-hidden="true">'
            f"{html.escape(profile.initials)}</span>",
            format="html",
        )


def _show_email_addresses_plainly(app: Sphinx) -> None:
    # Docutils "cloaks" addresses by splitting them into spans and escaping the
    # @ in the href; the address is public, and cloaking breaks copy-and-paste,
    # find-in-page and the structured data that names it.
    app.env.settings["cloak_email_addresses"] = False


def setup_profile(app: Sphinx) -> None:
    """Register the ``profile-card`` and ``contact-links`` directives."""
    app.connect("builder-inited", _show_email_addresses_plainly)
    app.add_directive("profile-card", ProfileCard)
    app.add_directive("contact-links", ContactLinks)
