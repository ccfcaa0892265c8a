"""The ground every page stands on: configuration, warnings, escaping, data files,
addresses, editions, assets and rebuilds. It imports no other part of the package."""
