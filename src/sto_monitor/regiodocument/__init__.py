"""The documents a region writes for the commission: the visiedocument and the yearly evaluatie.

``secties.py`` (+ ``secties.toml``) the sections of Bijlage 1 and 2 of the commission's advice;
``cijfers.py`` every numeric part filled in from the published snapshot, with its provenance;
``inhoud.py`` one document as it is shown and exported (a draft, or a submitted version);
``opslag.py`` drafts and submitted versions in the application database (policy and audit);
``vergelijk.py`` two versions side by side; ``pdf.py`` and ``docx.py`` the exports.
"""
