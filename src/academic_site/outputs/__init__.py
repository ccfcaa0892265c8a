"""Everything written from the models: the lists, the paper pages, structured data,
feeds, llms.txt, exports, the sitemap, redirects and the CV PDF."""
