"""The kennisbank: good practices, teaching material, tools and research that regions share.

Issue 19 (the commission's pijler 1: regions do not know the good initiatives elsewhere). One
module a step:

1. ``item.py`` the typed record and its vocabularies as data (types, themes from the survey's
   interventions, education levels, Creative Commons licences) and the validation that lists
   every problem by field; the summary is the toelichting's safe Markdown subset.
2. ``opslag.py`` the workflow in the application database: `regio` and `school` accounts
   contribute a concept, `landelijk` publishes or refuses it with a kept reason, signed-in
   regions mark "wij gebruiken dit"; policy and audit record in the write's transaction.
3. ``zoeken.py`` search in Dutch (Snowball stems, prefix match), facets with counts, ranking by
   the number of regions that use an item; SQLite FTS5 or PostgreSQL full text over the same
   pre-stemmed tokens.

Pages, the API, the OAI-PMH endpoint and the harvest build on these.
"""
