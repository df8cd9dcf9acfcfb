"""Tools around the product, not shipped in the site: benchmark, audit, generated corpus."""
