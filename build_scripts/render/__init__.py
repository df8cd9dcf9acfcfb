"""The reader's pages as plain Markdown: articles, home, glossary, timeline."""
