"""The web interface: views, forms, templates and local static assets. No domain logic here."""
