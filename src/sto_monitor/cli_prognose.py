"""``sto prognose``: registered on the ``sto`` group (placeholder until written)."""
