"""``sto scenario``: registered on the ``sto`` group (placeholder until written)."""
