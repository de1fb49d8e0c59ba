skip-link = Aller au contenu
tagline = Observatoire de la mutualisation des services numériques
footer-data = Référentiel territorial : INSEE, DGCL (Licence Ouverte 2.0).
language = Langue
change = Changer
