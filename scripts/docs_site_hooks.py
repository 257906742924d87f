"""MkDocs hooks for the Ferry site (mkdocs.yml): repository files the docs link to become part of it.

The pages in Docs/ link to files beside Docs/ as GitHub shows them (`../integrations/dbt/README.md`,
`../bench/sqlite_load.py`). A static site has no such files, and `mkdocs build --strict` fails on a
link it cannot resolve. These hooks add every repository file a page links to (and, for Markdown,
the files it links to in turn) under `repo/<its path>` — Markdown as a page, anything else as a
download — and rewrite the links to match. A link into Docs/ from such a page goes to the Docs page.
A link to a directory goes to its README.md or, without one, to a generated page listing its files
(`contract/v1/` lists the JSON Schemas).
A link to a file that does not exist is left alone, so the strict build still reports it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.structure.files import File, Files

PREFIX = "repo"
DOCS = "Docs"
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.M | re.S)
LINK = re.compile(r"(?P<open>\]\()(?P<target>[^)\s#?]+)(?P<rest>[^)]*\))|(?P<ref>^\[[^\]]+\]:\s*)(?P<reftarget>[^\s#?]+)", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^/|^#", re.I)


def _repo(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _repo_path_of(src_uri: str) -> str:
    """The repository path of a site file (`dbt.md` -> `Docs/dbt.md`, `repo/x/y.md` -> `x/y.md`)."""
    if src_uri.startswith(PREFIX + "/"):
        return src_uri[len(PREFIX) + 1:]
    return posixpath.join(DOCS, src_uri)


def _site_path_of(repo_path: str) -> str:
    if repo_path.startswith(DOCS + "/"):
        return repo_path[len(DOCS) + 1:]
    return posixpath.join(PREFIX, repo_path)


LISTING = "index.md"


def _resolve(repo: Path, page_repo_path: str, target: str) -> str | None:
    """The repository file a relative link names, or None. A directory means its README.md, or
    its generated listing (`DIR/index.md`) when it has none."""
    if EXTERNAL.match(target):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_repo_path), target))
    if path.startswith("../") or path == "..":
        return None
    if (repo / path).is_dir():
        readme = repo / path / "README.md"
        return posixpath.join(path, "README.md" if readme.is_file() else LISTING)
    return path if (repo / path).is_file() else None


def _listing(repo: Path, directory: str) -> str:
    names = sorted(p.name for p in (repo / directory).iterdir() if p.is_file() and not p.name.startswith("."))
    return f"# {directory}/\n\n" + "".join(f"- [{name}]({name})\n" for name in names)


def _links(markdown: str) -> list[str]:
    text = FENCE.sub("", markdown)
    return [m.group("target") or m.group("reftarget") for m in LINK.finditer(text)]


def on_files(files: Files, config) -> Files:
    repo = _repo(config)
    pending = [(f.src_uri, Path(f.abs_src_path)) for f in files if f.src_uri.endswith(".md") and f.abs_src_path]
    added: set[str] = set()
    while pending:
        src_uri, source = pending.pop()
        page_repo_path = _repo_path_of(src_uri)
        for target in _links(source.read_text(encoding="utf-8")):
            path = _resolve(repo, page_repo_path, target)
            if path is None or path in added:
                continue
            site = _site_path_of(path)
            if not (repo / path).is_file() and posixpath.basename(path) == LISTING:
                added.add(path)
                directory = posixpath.dirname(path)
                files.append(File.generated(config, site, content=_listing(repo, directory)))
                listed = [p.name for p in (repo / directory).iterdir() if p.is_file() and not p.name.startswith(".")]
                for name in listed:
                    entry = posixpath.join(directory, name)
                    if not entry.startswith(DOCS + "/") and entry not in added:
                        added.add(entry)
                        files.append(File.generated(config, _site_path_of(entry), abs_src_path=str(repo / entry)))
                continue
            if path.startswith(DOCS + "/"):
                continue
            added.add(path)
            files.append(File.generated(config, site, abs_src_path=str(repo / path)))
            if path.endswith(".md"):
                pending.append((site, repo / path))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    repo = _repo(config)
    src_uri = page.file.src_uri
    page_repo_path = _repo_path_of(src_uri)

    def rewrite(target: str) -> str:
        path = _resolve(repo, page_repo_path, target)
        if path is None:
            return target
        return posixpath.relpath(_site_path_of(path), posixpath.dirname(src_uri) or ".")

    def replace(match: re.Match) -> str:
        if match.group("open"):
            return match.group("open") + rewrite(match.group("target")) + match.group("rest")
        return match.group("ref") + rewrite(match.group("reftarget"))

    parts = []
    last = 0
    for fence in FENCE.finditer(markdown):
        parts.append(LINK.sub(replace, markdown[last:fence.start()]))
        parts.append(fence.group(0))
        last = fence.end()
    parts.append(LINK.sub(replace, markdown[last:]))
    return "".join(parts)
