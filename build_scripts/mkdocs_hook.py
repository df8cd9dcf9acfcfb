"""MkDocs hook: rerun the build scripts on every build, so ``mkdocs serve`` live-reloads.

Registered in ``mkdocs.yml`` under ``hooks:``. MkDocs imports this module once per
``mkdocs serve`` session, so every input is read inside the event functions, never at
import time. Generated pages are added in memory: writing into ``docs/`` while serving
would make the watcher rebuild forever.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from build_scripts.builddate import source_date_epoch
from build_scripts.errors import InputError
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader_cached
from build_scripts.search_zh import configure_jieba

log = get_plugin_logger(__name__)


def project_paths(config: MkDocsConfig) -> ProjectPaths:
    """The project whose ``mkdocs.yml`` is being built."""
    return ProjectPaths(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Watch the seeds and data files, and fix the build date for reproducible output."""
    paths = project_paths(config)
    for folder in paths.watched():
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(paths.root))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Run the pipeline and add its pages, replacing any stale copy found in ``docs/``."""
    paths = project_paths(config)
    try:
        reader = build_reader_cached(paths)
    except InputError as error:
        raise PluginError(str(error)) from None
    configure_jieba(reader.glossary)
    for warning in reader.warnings:
        logging.getLogger("build_scripts").warning(warning)
    for page in reader.pages:
        existing = files.get_file_from_path(page.uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, page.uri, content=page.markdown))
    return files
