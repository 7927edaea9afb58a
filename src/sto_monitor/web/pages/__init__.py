"""One module per page (or group of pages) of the dashboard, each with its own router."""
