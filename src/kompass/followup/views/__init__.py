"""Follow-up pages, one module per section: `overview` (the organisations and one
organisation's follow-up), `plans`, `actions`, `people`, `dialogues`, and `panels` (the
pieces shown on other apps' pages: start-page panel, evaluation page slot); `shared`
holds what several of them use.

Every view fetches through the access policy (`kompass.accounts.access`) (404 for
outsiders, 403 for readers who try to change something) and changes data only through the
domain functions."""
