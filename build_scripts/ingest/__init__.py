"""Seeds to articles: decode a seed, apply the furniture rules, lay out headline, header and
body."""
