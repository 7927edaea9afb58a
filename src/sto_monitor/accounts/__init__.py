"""Accounts, roles and sign-in.

``beleid.py`` is the one policy: which role may do what, on which regio or vestiging. Every web
route declares its right (``web/toegang.py``) and every object check asks ``beleid`` too, so the
rules live in one table. ``wachtwoord.py`` hashes with Argon2id; ``gebruikers.py`` creates and
manages accounts (``sto gebruiker``); ``sessies.py`` signs people in and out, with the lockout;
``mail.py`` sends the reset link by SMTP when configured; ``oidc.py`` signs in through an OIDC
provider such as SURFconext. Every write goes through the audit log (``appdb/audit.py``).
"""
