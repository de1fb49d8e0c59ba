# Respondent side: invitation, form, receipt.
resp-nav-label = Sections du questionnaire
resp-nav-unanswered = { $count ->
    [one] { $count } question sans réponse
   *[other] { $count } questions sans réponse
}
resp-overview-title = Votre réponse
resp-overview-intro = Ce questionnaire porte sur les services numériques de { $body }. Vos réponses sont enregistrées au fil de la saisie : vous pouvez vous arrêter et reprendre plus tard avec le même lien, à plusieurs agents si besoin.
resp-overview-closes = L'enquête se termine le { $date }.
resp-sections-title = Sections
resp-section-done = aucune question sans réponse
resp-start = Commencer
resp-resume = Reprendre la saisie
resp-progress-unanswered = { $count ->
    [one] { $count } question sans réponse
   *[other] { $count } questions sans réponse
}{ $required ->
    [0] {""}
    [one] , dont une obligatoire pour transmettre
   *[other] , dont { $required } obligatoires pour transmettre
}
resp-progress-all-answered = toutes les questions ont une réponse
resp-on-behalf-notice = Saisie pour le compte de { $name } (questionnaire papier) : chaque enregistrement est noté à votre nom ({ $email }).
resp-required = (obligatoire)
resp-required-explained = Les questions marquées d'un astérisque (*) sont obligatoires pour transmettre la réponse ; les autres peuvent rester vides.
resp-save = Enregistrer
resp-save-next = Enregistrer et continuer
resp-save-summary = Enregistrer et voir le récapitulatif
resp-saved-notice = Section enregistrée.
resp-merge = Fusionner
resp-stale-title = Un autre agent a enregistré entre-temps
resp-stale-text = Vos saisies n'ont pas été enregistrées : elles sont conservées ci-dessous. « Fusionner » enregistre cette section telle que vous l'avez saisie par-dessus la dernière version ; les autres sections gardent les réponses de votre collègue.
resp-stale-discard = Abandonner mes saisies et afficher la dernière version
resp-errors-title = { $count ->
    [one] Une réponse est à corriger
   *[other] { $count } réponses sont à corriger
}
resp-error-mutualisation = « Déjà mutualisé » suppose un service mis en œuvre ; « Le sera à court terme », un service mis en œuvre ou à l'étude.
resp-matrix-hint = Pour chaque service, indiquez s'il est mis en œuvre, à l'étude, ou ni l'un ni l'autre, puis s'il est mutualisé. Un service laissé sur « Ni l'un ni l'autre » compte comme tel. Au clavier : Tab passe d'un groupe de choix au suivant, les flèches changent le choix dans un groupe.
resp-matrix-count-before = Services mis en œuvre ou à l'étude :
resp-matrix-count-after = sur { $total }
resp-matrix-themes-nav = Thèmes des services
resp-matrix-none-active = Aucun service mis en œuvre ou à l'étude.
resp-matrix-field-status = Statut
resp-matrix-field-mutualisation = Mutualisation
resp-matrix-field-types = Types de mutualisation
resp-matrix-field-actors = Acteurs
resp-matrix-field-partners = Partenaires
resp-status-deployed = Mis en œuvre
resp-status-studied = À l'étude
resp-status-none = Ni l'un ni l'autre
resp-mutualisation-implemented = Déjà mutualisé
resp-mutualisation-planned = Le sera à court terme
resp-mutualisation-none = Non
resp-col-service = Service
resp-summary-title = Récapitulatif et transmission
resp-summary-missing = { $count ->
    [one] Une question obligatoire est sans réponse
   *[other] { $count } questions obligatoires sont sans réponse
}
resp-summary-stale = Un autre agent a modifié la réponse entre-temps : relisez le récapitulatif à jour avant de transmettre.
resp-submit-warning = Une fois transmises, vos réponses ne peuvent plus être modifiées ; elles restent consultables avec votre lien.
resp-submit = Transmettre mes réponses
resp-edit-section = Modifier la section
resp-your-answers = Vos réponses
resp-no-answer = Sans réponse
resp-receipt-title = Accusé de réception
resp-receipt-wave = Enquête
resp-receipt-body = Organisme
resp-receipt-date = Transmise le
resp-receipt-at = { $date } à { $time } (UTC)
resp-receipt-readonly = Votre réponse a bien été transmise. Elle n'est plus modifiable ; vous pouvez la relire ici avec votre lien. Pour toute correction, écrivez au responsable de l'étude.
resp-notice-submitted = Merci : votre réponse est transmise.
resp-notice-prefilled = Vos réponses à l'enquête précédente ont été reprises : vérifiez-les et complétez-les avant de transmettre.
resp-prefill-title = Partir de vos réponses précédentes ?
resp-prefill-text = Votre organisme a répondu à l'enquête « { $wave } ». Vous pouvez partir de ces réponses (ce qui ne s'applique plus à ce questionnaire est laissé de côté, les coordonnées de la personne qui a répondu aussi) ou commencer un questionnaire vierge.
resp-prefill-button = Reprendre mes réponses précédentes
resp-refused-not-open = L'enquête n'est pas encore ouverte : les réponses ne peuvent pas encore être enregistrées.
resp-refused-closed = L'enquête est close : les réponses ne peuvent plus être modifiées.
resp-refused-submitted = Les réponses ont été transmises : elles ne peuvent plus être modifiées. Pour une correction, écrivez au responsable de l'étude.
resp-autosave-saving = Enregistrement…
resp-autosave-saved = Enregistré à { $time }.
resp-autosave-stale = Un collègue a enregistré une autre version entre-temps : vos saisies sont gardées dans ce navigateur.
resp-autosave-merge = Recharger sa version et y fusionner mes saisies
resp-autosave-expired = Votre session a expiré : rouvrez votre lien d'invitation, vos saisies seront enregistrées.
resp-autosave-offline = Connexion perdue : vos saisies sont gardées dans ce navigateur et seront enregistrées dès le retour de la connexion.
resp-autosave-refused = Non enregistré : { $error }
resp-autosave-restored = Les saisies gardées dans ce navigateur ont été enregistrées.

# Why an answer is refused (the domain's problem codes).
resp-problem-unknown-question = question inconnue dans ce questionnaire
resp-problem-required = réponse obligatoire
resp-problem-not-asked = cette question n'est pas posée avec les réponses données
resp-problem-unknown-option = option « { $code } » inconnue
resp-problem-code-expected = un code d'option est attendu
resp-problem-codes-expected = une liste de codes est attendue
resp-problem-text-too-long = texte trop long (20 000 caractères au plus)
resp-problem-text-expected = un texte est attendu
resp-problem-number-expected = un nombre est attendu
resp-problem-out-of-bounds = nombre hors des bornes permises
resp-problem-services-expected = un objet par service est attendu
resp-problem-unknown-service = service inconnu du catalogue
resp-problem-object-expected = un objet est attendu
resp-problem-unknown-field = champ inconnu
resp-problem-value-refused = valeur { $value } refusée (attendu : { $allowed })
resp-problem-status-missing = statut manquant
resp-problem-implemented-needs-deployed = « implemented » demande le statut « deployed »
resp-problem-planned-needs-status = « planned » demande le statut « deployed » ou « studied »
resp-problem-empty-without-pooling = sans mutualisation, ce champ doit rester vide
resp-problem-partners-need-others = les partenaires se précisent avec l'acteur « autres »
resp-receipt-pdf = Télécharger l'accusé de réception (PDF)
oidc-respondent-title = Répondre avec ProConnect
oidc-respondent-no-siret = Votre identité ProConnect ne porte pas de numéro SIRET : mutu ne peut pas savoir pour quelle collectivité vous répondez.
oidc-respondent-unknown = Aucune enquête ouverte n'attend la réponse de l'organisation de SIREN { $siren }. L'équipe d'étude en est informée.
oidc-respondent-help = Si votre collectivité doit répondre, utilisez le lien personnel reçu par courriel ou écrivez à l'équipe d'étude qui vous a sollicité.
oidc-respondent-door = Vous répondez pour votre collectivité ?
oidc-respondent-button = Répondre avec ProConnect
oidc-unmatched-title = Connexions ProConnect sans enquête ouverte
oidc-unmatched-intro = Ces agents se sont identifiés avec ProConnect pour répondre, mais aucune vague ouverte ne compte leur organisation parmi ses cibles : elle manque peut-être à une vague.
oidc-unmatched-caption = Les dernières tentatives
oidc-col-when = Date
oidc-col-agent = Agent
oidc-col-organisation = Organisation
resp-reopen-text = Tant que l'enquête est ouverte, la réponse peut être rouverte pour la corriger : la version transmise reste comptée dans l'analyse jusqu'à la nouvelle transmission.
resp-reopen-button = Rouvrir la réponse
resp-notice-reopened = La réponse est rouverte : corrigez-la puis transmettez-la à nouveau.
resp-reopened-note = Réponse rouverte : la version transmise le { $date } reste comptée dans l'analyse jusqu'à ce que la réponse soit transmise à nouveau.
resp-refused-reopen-closed = L'enquête est close : une réponse transmise ne peut plus être rouverte.
lead-progress-rouverte = Rouverte
lead-mail-kind-receipt = Accusé de réception d'une réponse
