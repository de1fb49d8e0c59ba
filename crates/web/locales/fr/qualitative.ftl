# Matériau qualitatif de l'étude : acteurs rencontrés, entretiens, verbatims, parangonnage.

qual-nav = Étude qualitative
qual-nav-label = Étude qualitative
qual-nav-actors = Acteurs rencontrés
qual-nav-interviews = Entretiens
qual-nav-structures = Structures de mutualisation
qual-wave-nav-verbatims = Verbatims

## Acteurs
qual-actors-title = Acteurs rencontrés
qual-actors-summary = { $organisations } organisations ({ $inside } dans le territoire de l'étude, { $outside } hors territoire), { $people } personnes rencontrées.
qual-actors-privacy-lead = Les noms et courriels des personnes rencontrées sont des données personnelles : ils ne sont montrés qu'aux responsables d'étude et aux administrateurs ; les lecteurs ne voient que les fonctions.
qual-actors-privacy-viewer = Seules les fonctions des personnes rencontrées sont montrées : leurs noms sont des données personnelles, réservées à l'équipe d'étude.
qual-actors-inside = Organisations du territoire de l'étude
qual-actors-outside = Organisations hors territoire
qual-actors-none = Aucune organisation.
qual-col-organisation = Organisation
qual-col-body-type = Type d'organisme
qual-col-people = Personnes rencontrées (fonction)
qual-col-key = Clé
qual-col-role = Fonction
qual-col-name = Nom
qual-col-email = Courriel
qual-col-actions = Actions
qual-actors-import-title = Importer des acteurs
qual-actors-import-label = Fichier des acteurs (CSV collé)
qual-import-help = Une ligne d'en-tête puis une ligne par élément ; colonnes : { $columns }. L'import est complet ou n'a pas lieu ; une ligne déjà connue (même clé) est mise à jour.
qual-import-submit = Importer
qual-actors-example = Charger l'annexe de l'étude de 2014
qual-actors-example-help = Les 27 organisations et 48 fonctions rencontrées lors de l'étude de 2014, sans aucun nom.
qual-actors-edit-title = Modifier les organisations
qual-in-territory = Dans le territoire de l'étude
qual-save = Enregistrer
qual-edit = modifier
qual-actors-delete = Supprimer l'organisation
qual-actors-delete-help = Supprime aussi les personnes rencontrées de l'organisation ; impossible tant que des entretiens avec elle sont enregistrés.
qual-actors-people-of = Personnes rencontrées : { $organisation }
qual-actors-person-delete = Supprimer
qual-actors-person-add = Ajouter une personne rencontrée à « { $organisation } »
qual-actors-person-submit = Ajouter la personne
qual-key-help = Identifiant utilisé par le fichier des entretiens (ex. region-8) : lettres, chiffres, tiret, point, soulignement.
qual-name-help = Facultatif : donnée personnelle, visible de l'équipe d'étude seulement.
qual-actors-imported = Import terminé : { $organisations } organisations, { $people } personnes rencontrées.
qual-actors-saved = Organisation enregistrée.
qual-actors-deleted = Suppression effectuée.
qual-actors-person-added = Personne rencontrée ajoutée.

## Types d'organisme
qual-body-etat = Service de l'État
qual-body-region = Région
qual-body-departement = Département
qual-body-epci = EPCI
qual-body-commune = Commune
qual-body-syndicat = Syndicat
qual-body-gip = Groupement d'intérêt public
qual-body-centre_gestion = Centre de gestion
qual-body-etablissement_public = Établissement public
qual-body-association = Association ou réseau
qual-body-entreprise = Entreprise
qual-body-administration_etrangere = Administration étrangère

## Erreurs
qual-pasted = texte collé
qual-error-import = Import refusé, rien n'a été enregistré : { $detail }
qual-error-store = Refusé : { $detail }
qual-error-empty = Le texte collé ne contient aucune ligne à importer.
qual-error-required = Ce champ est obligatoire.
qual-error-body-type = Choisissez un type d'organisme de la liste.
qual-error-key = Clé obligatoire : lettres, chiffres, tiret, point ou soulignement, 64 caractères au plus.
qual-error-email = Ce courriel n'est pas valide.
qual-error-organisation = Choisissez une organisation de la liste.
qual-error-date = Date attendue au format AAAA-MM-JJ.
qual-error-duration = Durée attendue en minutes, de 1 à 1440.
qual-error-participants = Choisissez les participants dans la liste des personnes rencontrées.
qual-error-code = Code obligatoire : lettres sans accent, chiffres, tiret ou soulignement, 32 caractères au plus.
qual-error-code-taken = Ce code est déjà celui d'un autre entretien.

## Entretiens
qual-interviews-title = Entretiens
qual-interviews-private = Les notes d'entretien sont réservées à l'équipe d'étude : elles ne figurent dans aucune autre page, aucun export ni le rapport.
qual-interviews-caption = { $count ->
    [one] Un entretien
   *[other] { $count } entretiens
}
qual-interviews-none = Aucun entretien enregistré.
qual-col-code = Code
qual-col-date = Date
qual-col-duration = Durée (minutes)
qual-col-participants = Participants
qual-col-notes = Notes
qual-choose = — choisir —
qual-date-help = Format AAAA-MM-JJ.
qual-participants-help = Plusieurs choix possibles (Ctrl ou Cmd + clic).
qual-notes-help = Privées à l'équipe d'étude ; vidées au bout de 5 ans par la purge.
qual-code-help = Identifiant de l'entretien (ex. E01), repris par le fichier des verbatims.
qual-interviews-add-title = Ajouter un entretien
qual-interviews-add = Ajouter l'entretien
qual-interviews-import-title = Importer des entretiens
qual-interviews-import-label = Fichier des entretiens (CSV collé)
qual-interview-title = Entretien { $code }
qual-interview-delete-title = Supprimer l'entretien
qual-interview-delete-help = Supprime aussi, dans toutes les vagues, les verbatims qui citent cet entretien.
qual-interview-delete = Supprimer l'entretien
qual-interviews-imported = { $count ->
    [one] Un entretien importé.
   *[other] { $count } entretiens importés.
}
qual-interviews-saved = Entretien enregistré.
qual-interviews-deleted = Entretien supprimé ({ $verbatims } verbatims supprimés avec lui).

## Verbatims
qual-verbatims-title = Verbatims par thème
qual-verbatims-summary = { $count ->
    [0] Aucun verbatim codé pour cette vague.
    [one] Un verbatim codé.
   *[other] { $count } verbatims codés.
}
qual-verbatims-anonymous = Verbatims anonymisés : seuls le type d'organisme et la strate de taille sont indiqués, jamais un nom ni un code. Un verbatim codé de plusieurs thèmes figure sous chacun.
qual-verbatims-themes-label = Thèmes
qual-verbatims-none = Aucun verbatim pour ce thème.
qual-source-entretien = entretien
qual-source-questionnaire = questionnaire
qual-verbatims-import-title = Importer des verbatims codés
qual-verbatims-import-label = Fichier des verbatims (CSV collé)
qual-verbatims-import-help = Une ligne d'en-tête puis une ligne par verbatim ; colonnes : { $columns }. Source « entretien » (avec interview) ou « reponse » (avec respondent et question) ; thèmes séparés par « ; » parmi : { $themes }. Les lignes sans thème sont ignorées ; les verbatims d'une même source remplacent les précédents.
qual-verbatims-imported = { $count ->
    [one] Un verbatim importé
   *[other] { $count } verbatims importés
} ({ $skipped ->
    [0] aucune ligne sans thème
    [one] une ligne sans thème ignorée
   *[other] { $skipped } lignes sans thème ignorées
}).

## Structures
qual-structures-title = Structures de mutualisation
qual-structures-intro = Parangonnage de { $count } structures de mutualisation hors du territoire de l'étude, d'après leurs documents publics.
qual-structures-caption = Comparaison des structures de mutualisation
qual-structures-criterion = Critère
qual-structures-legal-form = Forme juridique
qual-structures-type = Type de mutualisation
qual-structures-created = Création
qual-structures-territory = Territoire
qual-structures-members = Membres
qual-structures-services = Services (catalogue)
qual-structures-governance = Gouvernance
qual-structures-economic-model = Modèle économique
qual-judgement-note = Les éléments marqués « appréciation de l'équipe d'étude » sont des jugements, non des faits sourcés ; chaque élément cite ses sources.
qual-moof-title = Analyse MOOF
qual-moof-threats = Menaces
qual-moof-opportunities = Opportunités
qual-moof-strengths = Forces
qual-moof-weaknesses = Faiblesses
qual-judgement = appréciation de l'équipe d'étude
qual-sources = sources :
qual-sources-title = Sources
