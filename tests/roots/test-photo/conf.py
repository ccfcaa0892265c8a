extensions = ["myst_parser", "academic_site"]
exclude_patterns = ["_build"]
html_static_path = ["_static"]
html_baseurl = "https://ada.example.org/"
# tests/extension/test_photo.py writes the photo, _static/me.jpg, before building.
