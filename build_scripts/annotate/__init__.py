"""What the reader adds to the articles: term mentions, notes, timeline events, cross-references."""
