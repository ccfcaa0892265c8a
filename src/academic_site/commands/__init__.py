"""Console commands that run outside the build (``homepage-citations``,
``homepage-editions``)."""
