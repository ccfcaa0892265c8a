"""schema.org structured data (JSON-LD) for the owner and the papers.

Plain functions from the site's data (:class:`~academic_site.sources.profile.Profile`,
:class:`~academic_site.papers.bibliography.Paper`) to JSON-LD dictionaries, so the
profile file and the ``.bib`` stay the one source of what search engines read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from academic_site.papers.bibliography import arxiv_url, doi_url
from academic_site.site import escaping

if TYPE_CHECKING:
    from academic_site.papers.bibliography import Paper
    from academic_site.papers.rendering import RenderedPaper
    from academic_site.sources.profile import Profile

CONTEXT = "https://schema.org"

#: Fragment of the home page's URL that names the owner as a JSON-LD node.
PERSON_FRAGMENT = "#person"


def person_id(base: str) -> str:
    """The ``@id`` of the owner: the home page's URL with ``#person``."""
    return base + PERSON_FRAGMENT


def person(profile: Profile, base: str, photo_url: str | None = None) -> dict:
    """The owner as a schema.org ``Person``, for the home page."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Person",
        "@id": person_id(base),
        "name": profile.name,
        "url": base,
        "mainEntityOfPage": {"@type": "ProfilePage", "@id": base},
    }
    alternate = [n for n in (profile.native_name, *profile.alternate_names) if n]
    if alternate:
        data["alternateName"] = alternate
    affiliations: list[dict[str, Any]] = [
        {"@type": "Organization", "name": profile.affiliation}
    ]
    if profile.lab:
        affiliations.append(
            {
                "@type": "ResearchOrganization",
                "name": profile.lab.label,
                "url": profile.lab.url,
            }
        )
    data["affiliation"] = affiliations
    if profile.email:
        data["email"] = profile.email
    if profile.links:
        data["sameAs"] = [link.url for link in profile.links]
    if profile.languages:
        data["knowsLanguage"] = [
            {"@type": "Language", "name": language} for language in profile.languages
        ]
    if photo_url:
        data["image"] = photo_url
    return data


def website(profile: Profile, base: str, language: str | None) -> dict:
    """The site itself, so search results can name it after its owner."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": profile.name,
        "url": base,
    }
    if profile.native_name:
        data["alternateName"] = profile.native_name
    if language:
        data["inLanguage"] = language.replace("_", "-")
    return data


def _is_preprint_venue(venue: str) -> bool:
    # An arXiv-only paper names arXiv as its "journal"; it is not a periodical.
    return venue.lower().startswith("arxiv")


def scholarly_article(
    paper: Paper,
    parts: RenderedPaper,
    page: str,
    owner: Profile | None,
    base: str,
    pdf: str | None = None,
) -> dict:
    """One paper as a schema.org ``ScholarlyArticle``, from its rendering *parts*.

    *page* is the URL of the site's own page about the paper; the owner (the
    rendering's one match), when the site has a profile, is the same node as
    the home page's ``Person``; *pdf* is the absolute URL of its PDF, if any.
    """
    people: list[dict[str, Any]] = []
    for name in parts.authors:
        person: dict[str, Any] = {"@type": "Person", "name": name.name}
        if owner is not None and name.is_owner:
            person["@id"] = person_id(base)
        people.append(person)
    authors = [] if parts.editors else people
    data: dict[str, Any] = {
        "@type": "ScholarlyArticle",
        "@id": page,
        "mainEntityOfPage": page,
        "name": parts.title,
        "headline": parts.title,
        "author": authors,
    }
    if parts.editors and people:
        data["editor"] = people
    if parts.year:
        data["datePublished"] = parts.year
    if parts.venue and not _is_preprint_venue(parts.venue):
        kind = "Periodical" if paper.entry_type == "article" else "CreativeWork"
        data["isPartOf"] = {"@type": kind, "name": parts.venue}
    if parts.status:
        data["creativeWorkStatus"] = parts.status
    links = [
        paper.url,
        doi_url(paper.doi) if paper.doi else None,
        arxiv_url(paper.arxiv) if paper.arxiv else None,
    ]
    links = list(dict.fromkeys(link for link in links if link))
    if links:
        data["url"] = links[0]
    if links[1:]:
        data["sameAs"] = links[1:]
    if pdf:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": pdf,
            "encodingFormat": "application/pdf",
        }
    identifiers = []
    if paper.doi:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
        )
    if paper.arxiv:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv}
        )
    if identifiers:
        data["identifier"] = identifiers
    return data


def graph(nodes: list[dict]) -> dict:
    """Several nodes in one JSON-LD document."""
    return {"@context": CONTEXT, "@graph": nodes}


def script_tag(data: dict) -> str:
    """*data* as an inline ``<script type="application/ld+json">`` element."""
    return escaping.json_ld(data)
