"""A project's posts as read: every post that could be loaded, with its segments.

Used by every stage that needs all posts at once (extract, check, import, the preview); the sync
run itself loads posts per domain in its jobs instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from i18nflow.config import Config
from i18nflow.errors import ContentError
from i18nflow.problems import Problems
from i18nflow.source.content import Post, iter_post_paths
from i18nflow.source.naming import domain_of
from i18nflow.source.segment import Segment


@dataclass
class Project:
    """The posts of a project that could be read, with their segments."""

    config: Config
    posts: list[Post] = field(default_factory=list)
    segments: dict[str, list[Segment]] = field(default_factory=dict)

    def domain_of(self, post: Post) -> str:
        return domain_of(self.config.domain, post.rel)

    def domains(self) -> dict[str, list[Post]]:
        grouped: dict[str, list[Post]] = {}
        for post in self.posts:
            grouped.setdefault(self.domain_of(post), []).append(post)
        return grouped


def load_project(
    config: Config, problems: Problems, check_domains: bool = True, advance: Callable[[], None] | None = None
) -> Project:
    """Every post with its segments. ``check_domains=False`` leaves the check that no two posts
    share a catalog by accident to the caller (import drops translations found among the
    posts first, and checks what is left). ``advance`` is called after each post (progress)."""
    from i18nflow.source.content import load_post
    from i18nflow.source.dialects.registry import dialect_for
    from i18nflow.source.domains import group_posts
    from i18nflow.source.segments import extract_segments

    project = Project(config)
    if check_domains:  # refuses posts that would share a catalog by accident
        pairs = [pair for group in group_posts(config).values() for pair in group]
    else:
        pairs = list(iter_post_paths(config))
    for path, base in pairs:
        if advance is not None:
            advance()
        try:
            post = load_post(path, config.root, base)
            segments = extract_segments(post, config.front_matter, dialect_for(config))
        except ContentError as exc:
            problems.add(exc)
            continue
        except RecursionError:
            problems.error("too deeply nested to parse", path.relative_to(config.root))
            continue
        project.posts.append(post)
        project.segments[post.ref] = segments
    return project
