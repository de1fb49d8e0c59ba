# Study side (lead, viewer, admin): login, waves, follow-up, invitations, mail.

## Navigation and shared words
lead-nav-label = Navigation principale
lead-nav-waves = Vagues d'enquête
lead-nav-users = Utilisateurs
lead-nav-logout = Se déconnecter
lead-nav-login = Se connecter
lead-role-admin = administrateur·rice
lead-role-lead = chargé·e d'étude
lead-role-viewer = lecture seule
lead-state-draft = en préparation
lead-state-open = ouverte
lead-state-closed = close
lead-level-epci = EPCI
lead-level-commune = communes
lead-progress-non_ouvert = Non ouvert
lead-progress-brouillon = Brouillon
lead-progress-complet = Complet
lead-yes = Oui
lead-no = Non
lead-saved = Modifications enregistrées.
lead-filter-all = Tous
lead-filter-submit = Filtrer
lead-filter-search = Nom ou code
lead-filter-search-help = Une partie du nom, ou le début du code INSEE ou SIREN.
lead-filter-link-avec = Avec un lien actif
lead-filter-link-sans = Sans lien actif
lead-followup-filtered = Les chiffres ci-dessus suivent les filtres de département et de taille de la liste.
lead-errors-title = { $count ->
    [one] Le formulaire contient une erreur
   *[other] Le formulaire contient { $count } erreurs
}

## Column headers
lead-col-code = Code
lead-col-name = Nom
lead-col-state = État
lead-col-targets = Cibles
lead-col-complete = Réponses complètes
lead-col-opens = Ouverture
lead-col-closes = Clôture
lead-col-size = Taille (population)
lead-col-departement = Département
lead-col-respondents-targets = Répondants / cibles
lead-col-rate = Taux
lead-col-target = Cible
lead-col-status = Statut
lead-col-activity = Dernière activité
lead-col-invited = Invité
lead-col-entered-by = Saisie par
lead-col-actions = Actions
lead-col-email = Courriel
lead-col-invitation = Lien d'invitation
lead-col-date = Date
lead-col-kind = Type
lead-col-result = Résultat
lead-col-role = Rôle
lead-col-created = Créé le

## Welcome and login
lead-welcome-title = Bienvenue sur mutu
lead-welcome-intro = mutu est l'observatoire de la mutualisation des services et usages du numérique des collectivités : les chargé·es d'étude y préparent les vagues d'enquête, suivent la participation et lisent l'analyse.
lead-welcome-respondents = Vous répondez à une enquête ? Utilisez le lien personnel reçu par courriel : aucun compte n'est nécessaire.
lead-welcome-login = Se connecter
lead-login-title = Connexion
lead-login-email = Adresse électronique
lead-login-password = Mot de passe
lead-login-submit = Se connecter
lead-login-respondents = Les répondants n'ont pas de compte : ils utilisent le lien personnel reçu par courriel.
lead-login-failed = Adresse électronique ou mot de passe incorrect.
lead-login-expired = Le formulaire de connexion a expiré : saisissez de nouveau vos identifiants.

## Home
lead-home-title = Vagues d'enquête
lead-home-new = Nouvelle vague
lead-home-caption = { $count ->
    [one] Une vague d'enquête
   *[other] { $count } vagues d'enquête
}
lead-home-empty = Aucune vague pour l'instant.

## A wave's pages
lead-wave-state = La vague est { $state }.
lead-wave-nav-label = Pages de la vague
lead-wave-nav-followup = Suivi
lead-wave-nav-definition = Questionnaire et dates
lead-wave-nav-invitations = Invitations
lead-wave-nav-mail = Courriels

## New wave
lead-new-title = Nouvelle vague
lead-new-intro = La vague est créée en préparation : vous pourrez encore modifier son catalogue et son questionnaire, puis l'ouvrir aux répondants.
lead-new-code = Code de la vague
lead-new-code-help = De 1 à 64 caractères : lettres minuscules sans accent, chiffres, tirets et soulignés (ex. : hdf-2025).
lead-new-name = Nom de la vague
lead-new-level = Niveau des cibles
lead-new-area = Zone d'enquête
lead-new-area-help = Cochez des régions et/ou des départements ; sans aucune case cochée, toutes les unités du territoire sont ciblées.
lead-new-regions = Régions
lead-new-departements = Départements
lead-new-questionnaire = Questionnaire (TOML, facultatif)
lead-new-questionnaire-help = Laissez vide pour le questionnaire par défaut (celui de l'enquête de 2014).
lead-new-submit = Créer la vague
lead-dates-legend = Dates annoncées aux répondants
lead-dates-opens = Date d'ouverture
lead-dates-closes = Date de clôture
lead-dates-help = Format : AAAA-MM-JJ (ex. : 2025-09-30).
lead-dates-submit = Enregistrer les dates

## Definition
lead-definition-title = Catalogue et questionnaire
lead-definition-version = Version du questionnaire : { $version }.
lead-definition-intro = Chaque enregistrement qui modifie le catalogue ou le questionnaire en augmente la version.
lead-definition-frozen = La vague a été ouverte : son catalogue et son questionnaire sont figés, pour que toutes les réponses portent sur la même définition.
lead-definition-catalogue = Catalogue (CSV)
lead-definition-catalogue-help = Colonnes kind,code,theme,label,previous ; une ligne par thème, service et option.
lead-definition-questionnaire = Questionnaire (TOML)
lead-definition-questionnaire-help = Le format est décrit dans docs/questionnaire.md ; les codes d'options renvoient au catalogue ci-dessus.
lead-definition-submit = Enregistrer le catalogue et le questionnaire

## Follow-up
lead-followup-title = Suivi
lead-followup-dates = Ouverture annoncée : { $opens } ; clôture : { $closes }.
lead-followup-open = Ouvrir la vague aux répondants
lead-followup-close = Fermer la vague
lead-followup-participation = Participation
lead-followup-total = { $respondents } réponses complètes sur { $targets } cibles ({ $rate }).
lead-followup-figures-note = Seules les réponses transmises (complètes) comptent ; les chiffres suivent les filtres de département et de taille.
lead-followup-by-size = Participation par taille de population
lead-followup-by-departement = Participation par département
lead-followup-targets = Cibles
lead-followup-targets-caption = { $count ->
    [one] Une cible correspond aux filtres
   *[other] { $count } cibles correspondent aux filtres
}
lead-followup-enter = Saisir pour elle
lead-followup-reopen = Rouvrir la réponse
lead-reminder-title = Relancer les cibles sans réponse complète
lead-reminder-help = Une relance part vers chaque cible sans réponse complète qui a un courriel de contact, avec un nouveau lien personnel (l'ancien cesse de fonctionner ; les réponses enregistrées sont conservées).
lead-reminder-submit = Envoyer les relances

## Invitations
lead-invitations-title = Invitations
lead-invitations-not-yet-draft = La vague est en préparation : les liens créés ou exportés ici fonctionneront dès son ouverture (bouton « Ouvrir la vague » de la page Suivi). Jusque-là, ils mènent à une page introuvable.
lead-invitations-not-yet-closed = La vague est close : ses liens ne fonctionnent plus, sauf si elle est rouverte.
lead-invitations-list = Liens par cible
lead-invitations-renew-warning = mutu ne conserve que l'empreinte des liens : un lien ne peut pas être affiché deux fois. Créer ou exporter un lien pour une cible qui en avait un le renouvelle : l'ancien lien cesse aussitôt de fonctionner.
lead-invitations-export-title = Exporter les liens pour un publipostage
lead-invitations-scope = Cibles concernées
lead-invitations-scope-missing = { $count ->
    [one] La cible sans lien actif
   *[other] Les { $count } cibles sans lien actif
}
lead-invitations-scope-all = Toutes les cibles ({ $count }) : les liens existants sont renouvelés
lead-invitations-export = Télécharger le CSV des liens
lead-invitations-caption = { $count ->
    [one] Une cible correspond aux filtres
   *[other] { $count } cibles correspondent aux filtres
}
lead-invitation-none = Aucun
lead-invitation-active = Actif depuis le { $since }
lead-invitation-revoked = Révoqué le { $since }
lead-invitations-create = Créer le lien
lead-invitations-renew = Renouveler
lead-invitations-revoke = Révoquer
lead-invitations-renewed = Nouveau lien de { $name } :
lead-invitations-link = Lien personnel
lead-invitations-shown-once = Copiez-le maintenant : il ne sera plus affiché. L'ancien lien ne fonctionne plus.
lead-contacts-title = Courriels de contact
lead-contacts-count = { $count } cibles sur { $total } ont un courriel de contact.
lead-contacts-label = Contacts à importer (CSV)
lead-contacts-help = Collez un CSV avec une ligne d'en-tête respondent,email,name (le nom est facultatif). Tout est importé, ou rien si une ligne est refusée.
lead-contacts-submit = Importer les contacts
lead-contacts-imported = { $count ->
    [one] Un contact importé.
   *[other] { $count } contacts importés.
}

## Mail
lead-mail-title = Courriels
lead-mail-not-configured = Ce serveur n'envoie pas lui-même les courriels (aucun relais SMTP configuré) : ceux mis en file partiront dès qu'un worker d'envoi tournera (mutu worker --smtp-host …), ici ou sur une autre machine. Vous pouvez aussi exporter les liens pour un publipostage depuis la page Invitations.
lead-mail-draft = La vague est en préparation : les courriels mis en file partiront, mais leurs liens ne fonctionneront qu'à l'ouverture de la vague.
lead-mail-closed = La vague est close : rouvrez-la avant d'écrire aux répondants.
lead-mail-queued = { $count ->
    [0] Aucun courriel mis en file
    [one] Un courriel mis en file
   *[other] { $shown } courriels mis en file
} : ils partent à mesure, au rythme du relais ; suivez leur envoi ci-dessous.
lead-mail-already-waiting = { $shown } destinataires en avaient déjà un en attente : il n'est pas mis en file deux fois.
lead-mail-links-on-opening = Les liens de ces courriels fonctionneront dès l'ouverture de la vague.
lead-mail-retried = { $count ->
    [0] Aucun échec à relancer.
    [one] Un échec remis en file.
   *[other] { $shown } échecs remis en file.
}
lead-mail-send-title = Envoyer
lead-mail-contacts = { $shown } cibles ont un courriel de contact.
lead-mail-contacts-link = Importer des contacts
lead-mail-fresh-links = Chaque courriel porte un nouveau lien personnel : le lien précédent de la cible cesse de fonctionner à l'envoi. Le bouton met les courriels en file et répond aussitôt ; le worker les envoie ensuite.
lead-mail-invite-scope = Invitations à envoyer
lead-mail-invite-missing = Aux cibles sans lien actif
lead-mail-invite-all = À toutes les cibles ayant un courriel
lead-mail-invite-submit = Mettre les invitations en file
lead-mail-progress-title = Suivi des envois
lead-mail-progress-caption = Courriels de la vague, par état
lead-mail-progress-queued = En file ou en cours d'envoi
lead-mail-progress-sent = Envoyés (acceptés par le relais)
lead-mail-progress-failed = En échec
lead-mail-progress-resent = Renvoyés après une interruption
lead-mail-progress-resent-help = Quand un worker s'arrête brutalement pendant un envoi, le courriel est renvoyé à l'identique : le destinataire peut le recevoir deux fois, avec le même identifiant (Message-ID), que sa messagerie peut écarter.
lead-mail-failures-title = Échecs
lead-mail-failures-caption = Courriels en échec, par cible ({ $shown })
lead-mail-failures-none = Aucun échec.
lead-mail-failures-retry = Relancer les échecs
lead-mail-failures-retry-help = Les courriels en échec sont remis en file et retentés par le worker (corrigez d'abord les adresses refusées dans les contacts).
lead-mail-attempts = Tentatives
lead-mail-reason = Motif
lead-mail-page = Page { $number } sur { $pages }
lead-mail-previous = Page précédente
lead-mail-next = Page suivante
lead-mail-schedule-title = Relances programmées
lead-mail-schedule-help = Chaque jour choisi, le worker relance de lui-même les cibles ayant un courriel de contact et pas de réponse transmise, une seule fois (à partir de minuit UTC).
lead-mail-schedule-day = Jour de relance
lead-mail-schedule-add = Programmer ce jour
lead-mail-schedule-remove = Retirer le { $day }
lead-mail-schedule-done = { $label } : { $count } relances mises en file le { $at }
lead-mail-schedule-pending = { $label } : à venir
lead-mail-schedule-none = Aucune relance programmée.
lead-mail-templates-title = Modèles de courriel
lead-mail-placeholders = Champs disponibles :
lead-mail-kind-invitation = Invitation
lead-mail-kind-reminder = Relance
lead-mail-kind-group = Invitation à un groupe de travail
lead-mail-default = modèle par défaut
lead-mail-subject = Objet
lead-mail-body = Texte
lead-mail-body-help = Le texte doit contenir le champ du lien personnel ; il est envoyé en texte brut.
lead-mail-save = Enregistrer le modèle
lead-mail-preview-title = Aperçu
lead-mail-preview-kind = Modèle
lead-mail-preview-target-help = Code de la cible : SIREN de l'EPCI ou code INSEE de la commune.
lead-mail-preview-unknown = Aucune cible de code « { $code } » dans cette vague.
lead-mail-preview-submit = Afficher l'aperçu
lead-mail-preview-link = [lien personnel, créé à l'envoi]
lead-mail-log-title = Journal des envois
lead-mail-log-caption = { $count ->
    [one] Un courriel envoyé ou tenté
   *[other] { $shown } courriels envoyés ou tentés, du plus récent au plus ancien
}
lead-mail-log-empty = Aucun courriel envoyé pour l'instant.
lead-mail-ok = Accepté par le relais
lead-mail-failed = Échec : { $reason }

## Users
lead-users-title = Utilisateurs
lead-users-caption = { $count ->
    [one] Un compte
   *[other] { $count } comptes
}
lead-users-delete = Supprimer
lead-users-add-title = Ajouter un compte
lead-users-cli = Équivalent en ligne de commande :
lead-users-password = Mot de passe
lead-users-password-help = Au moins { $min } caractères ; transmettez-le à la personne par un autre canal que le courriel.
lead-users-add = Ajouter le compte
lead-users-added = Compte ajouté.

## Field errors
lead-error-required = Ce champ est obligatoire.
lead-error-code = Le code doit compter de 1 à 64 caractères parmi a-z, 0-9, - et _.
lead-error-code-taken = La vague { $code } existe déjà : choisissez un autre code.
lead-error-code-reserved = Ce code est réservé : choisissez-en un autre.
lead-error-level = Choisissez le niveau des cibles.
lead-error-area = Zone invalide : un code de région ou de département est mal formé.
lead-error-targets = { $detail }.
lead-error-toml = Questionnaire, ligne { $line } : { $detail }
lead-error-csv = Catalogue, ligne { $line } : { $detail }
lead-error-date = Date « { $value } » invalide : format attendu AAAA-MM-JJ.
lead-error-dates-order = La clôture doit suivre l'ouverture.
lead-error-contacts-csv = Ligne { $line } : { $detail }
lead-error-contacts-header = Ligne 1 : l'en-tête doit contenir les colonnes respondent et email.
lead-error-contacts-target = Ligne { $line } : « { $code } » n'est pas une cible de la vague.
lead-error-contacts-email = Ligne { $line } : adresse « { $email } » invalide.
lead-error-subject-line = L'objet doit tenir sur une ligne.
lead-error-placeholder = Champ { $name } inconnu.
lead-error-body-link = Le texte doit contenir le champ du lien personnel, sinon le répondant ne peut pas répondre.
lead-error-email = Adresse « { $email } » invalide.
lead-error-email-taken = Un compte existe déjà pour { $email }.
lead-error-role = Choisissez un rôle.
lead-error-password-short = Le mot de passe doit compter au moins { $min } caractères.

## Journal d'audit (administrateurs)
lead-nav-audit = Journal d'audit
lead-audit-title = Journal d'audit
lead-audit-intro = Qui a changé quoi : réponses transmises ou rouvertes, états des vagues, liens d'invitation, comptes, matériau qualitatif. Les plus récents d'abord.
lead-audit-actor = Auteur
lead-audit-action-prefix = Action commençant par
lead-audit-action-help = Par exemple « campaign. », « response. », « user. ».
lead-audit-filter = Filtrer
lead-audit-caption = { $count ->
    [0] Aucune entrée
    [one] { $count } entrée, la plus récente d'abord
   *[other] { $count } entrées, les plus récentes d'abord
}
lead-audit-when = Date
lead-audit-action = Action
lead-audit-subject = Objet
lead-audit-empty = Aucune entrée ne correspond.
lead-audit-pages = Pages du journal
lead-audit-newest = Les plus récents
lead-audit-older = Plus anciens
lead-followup-agent = { $email } (agent, ProConnect)
lead-domains-title = Domaines admis en lecture
lead-domains-help = Les agents dont le courriel est d'un de ces domaines et qui se connectent avec ProConnect reçoivent un compte en lecture seule à leur première connexion (sans mot de passe : ils ne se connectent que par ProConnect).
lead-domains-no-oidc = Aucun fournisseur ProConnect n'est configuré : ces domaines ne servent qu'une fois mutu lancé avec --oidc-issuer.
lead-domains-caption = { $count ->
    [0] Aucun domaine admis
    [one] Un domaine admis
   *[other] { $count } domaines admis
}
lead-col-domain = Domaine
lead-domains-added-by = Ajouté par
lead-domains-remove = Retirer
lead-domains-add = Admettre le domaine
lead-domains-cli = Équivalent en ligne de commande :
lead-error-domain = « { $domain } » n'est pas un nom de domaine (exemple : region-exemple.fr).
lead-error-domain-taken = Le domaine « { $domain } » est déjà admis.
