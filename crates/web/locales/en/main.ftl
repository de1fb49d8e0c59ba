skip-link = Skip to content
tagline = Observatory of pooled digital public services
footer-data = Territorial referential: INSEE, DGCL (Licence Ouverte 2.0).
language = Language
change = Change
