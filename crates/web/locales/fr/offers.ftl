# Registre des offres (« services prêts à l'emploi ») et besoins d'achats groupés d'une vague.

## Registre des offres
offers-nav = Offres
offers-title = Registre des offres
offers-intro = Les services prêts à l'emploi des structures de mutualisation (syndicats mixtes, GIP, centres de gestion, centrale d'achat de la Région…) : pour chaque service du catalogue, comment y adhérer, à quel prix et sur quels départements. Les opportunités de mutualisation citent, pour chaque groupe de voisins, les offres qui couvrent tous ses membres.
offers-register = { $count ->
    [0] Aucune offre au registre
    [one] Une offre au registre
   *[other] { $count } offres au registre
}
offers-caption = Offres des structures de mutualisation, dans l'ordre du registre
offers-empty = Le registre est vide : ajoutez une offre ou importez un fichier.
offers-col-structure = Structure
offers-col-service = Service
offers-col-vehicle = Véhicule juridique
offers-col-price = Modèle de prix
offers-col-area = Départements couverts
offers-col-actions = Actions
offers-area-all = Tous les départements
offers-remove = Retirer
offers-add-title = Ajouter une offre
offers-structure-help = Nom de la structure qui propose le service (ex. Mégalis Bretagne).
offers-choose = — Choisir —
offers-vehicle-help = Comment une collectivité rejoint l'offre : un type de mutualisation du catalogue.
offers-price-help = En quelques mots (ex. cotisation de 0,10 € par habitant et par an).
offers-area-help = Codes de départements séparés par « | » (ex. 59|62), ou « * » pour tous.
offers-add-submit = Ajouter l'offre
offers-import-title = Remplacer le registre par un fichier
offers-import-label = Registre des offres (CSV collé)
offers-import-help = Une ligne d'en-tête puis une ligne par offre ; colonnes : { $columns } (virgule ou point-virgule). Le fichier remplace tout le registre, ou rien ne change : la première ligne fautive est nommée. Le champ contient le registre actuel, à modifier.
offers-import-submit = Remplacer le registre
offers-pasted = registre collé
offers-added = Offre ajoutée : le registre compte { $count } offres.
offers-removed = Offre retirée : le registre compte { $count } offres.
offers-imported = Registre remplacé : { $count } offres importées.
offers-error-field = Offre refusée, champ { $detail }
offers-error-duplicate = « { $structure } » offre déjà le service « { $service } » par « { $vehicle } » : rien n'a été ajouté.
offers-error-stale = Le registre a changé depuis l'affichage de la page : rien n'a été retiré. Vérifiez le tableau ci-dessous et recommencez.
offers-error-import = Import refusé, le registre n'a pas changé : { $detail }

## Besoins d'achats groupés d'une vague
purchases-nav = Achats groupés
purchases-title = Besoins d'achats groupés
purchases-intro = Les répondants qui veulent acheter ensemble : par service, ceux qui citent le type de mutualisation « { $purchase } » (mutualisation réalisée ou prévue) ; à part, ceux qui attendent une « { $support } », question qui n'est pas posée par service. Seules les réponses complètes comptent : c'est la liste de départ d'un groupement de commandes.
purchases-csv = Télécharger toutes les listes (CSV pour tableur)
purchases-none = Aucun répondant ne cite de groupement de commandes ni ne demande d'aide pour en monter un.
purchases-summary-caption = Besoins par service ({ $services } services sur { $total } ont des acheteurs) et demandes d'aide au montage
purchases-col-need = Besoin
purchases-col-bodies = Collectivités
purchases-col-population = Population
purchases-pick = Liste à afficher
purchases-show = Afficher
purchases-buyers-title = Acheteurs : { $service }
purchases-support-title = Demandes d'aide au montage d'un groupement de commandes
purchases-list-total = { $bodies ->
    [one] Une collectivité
   *[other] { $bodies } collectivités
}, { $population } habitants en tout.
purchases-buyers-caption = Collectivités citant « { $purchase } » pour le service « { $service } »
purchases-support-caption = Collectivités attendant une « { $support } »
purchases-col-body = Collectivité
purchases-col-code = Code (SIREN ou INSEE)
purchases-col-departement = Département
purchases-col-mutualisation = Mutualisation
purchases-col-types = Types de mutualisation cités
purchases-col-support = Demande aussi une aide au montage
purchases-mutualisation-implemented = Réalisée
purchases-mutualisation-planned = Prévue
purchases-mutualisation-none = —
purchases-yes = Oui
purchases-no = Non
