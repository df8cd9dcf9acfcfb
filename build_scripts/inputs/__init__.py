"""The data files editors keep (glossary, cleaning rules, metadata, notes, timeline): their
models, loading and checks."""
