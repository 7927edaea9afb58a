"""A region explains its figures: toelichtingen, written by the region (or a school) itself.

A `regio` account writes a toelichting on a figure of its own region (an indicator in a school
year) or on a section of the regioportret; a `school` account on its own vestigingen. It starts
as a concept, is published (then it stands beside its figure on the public region page and in
the regioportret, signed with the author's role and the date, never a name), and the national
team can hide it with a reason that is kept. Every save, publication and hiding adds a version,
so the history stays.

``opslag.py`` the domain API (every write asks the policy, ``accounts/beleid.py``, on the
object's own regio or vestiging as stored, and writes its audit record in the same
transaction); ``onderwerpen.py`` what a toelichting can be about and where it is shown;
``opmaak.py`` the text, a safe Markdown subset rendered by markdown-it-py and cleaned by nh3;
``verversen.py`` empties the cached public pages of a region when its toelichtingen change
(in this process at once, in other processes within a few seconds).
"""
