"""The county page: HTML for people, built only from the public /v1 API."""
