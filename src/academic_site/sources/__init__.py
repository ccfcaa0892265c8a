"""The owner's YAML data (profile, news, CV, citation figures), read once a build."""
