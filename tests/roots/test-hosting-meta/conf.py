extensions = ["myst_parser", "related_reading", "notfound.extension", "hosting"]
myst_enable_extensions = ["attrs_inline"]
exclude_patterns = ["_build"]
html_baseurl = ogp_site_url = "https://example.org/site/"
notfound_urls_prefix = "/site/"
ogp_description_length = 120
ogp_social_cards = {"enable": False}
