"""Build scripts of the annotated reader.

One module per step of the data flow (see ``ARCHITECTURE.md``):
``ingest`` reads a seed, ``layout`` cleans it into an :class:`~build_scripts.models.Article`,
``render`` writes Markdown, ``pipeline`` runs the steps, ``site`` publishes with MkDocs,
``cli`` is the command line and ``mkdocs_hook`` reruns the pipeline under ``mkdocs serve``.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
