"""Publishing the pages: the MkDocs hook, the site build, the docs/ writer, the PDF."""
