"""The ``.bib``, read once per build into the paper model, and its one rendering."""
