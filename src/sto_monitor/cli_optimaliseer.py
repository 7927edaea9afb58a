"""``sto optimaliseer``: registered on the ``sto`` group (placeholder until written)."""
