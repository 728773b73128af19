"""Pages shared by every route: the case list, the case page (each route shows its own) and documents."""
