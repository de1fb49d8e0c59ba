# « J'ai perdu mon lien / mon collègue est parti »: the public form and the lead's answers.
lost-welcome-link = J'ai perdu mon lien / mon collègue est parti
lost-title = J'ai perdu mon lien / mon collègue est parti
lost-intro = Votre organisme répond à une enquête en cours mais le lien personnel est perdu, ou la personne qui l'avait reçu est partie ? Indiquez votre organisme et votre adresse électronique professionnelle : l'équipe de l'étude vous enverra un nouveau lien.
lost-body = Votre organisme
lost-body-help = Son code (SIREN de l'EPCI, code INSEE de la commune) ou son nom exact, par exemple « Métropole Européenne de Lille ».
lost-email = Votre adresse électronique professionnelle
lost-email-help = Le nouveau lien sera envoyé à cette adresse, qui deviendra le contact de votre organisme pour l'enquête.
lost-submit = Demander un nouveau lien
lost-privacy = Votre adresse sert uniquement à vous envoyer le lien ; elle est conservée avec l'enquête et effacée sur demande.
lost-expired = Le formulaire a expiré : vérifiez vos informations et envoyez-le à nouveau.
lost-error-body = Indiquez le code ou le nom de votre organisme.
lost-error-email = Indiquez une adresse électronique valide, par exemple prenom.nom@mairie-exemple.fr.
lost-done = Votre demande est transmise à l'équipe de l'étude. Si votre organisme participe à une enquête en cours, un nouveau lien vous sera envoyé par courriel.
lost-done-sent = Votre demande est reconnue : un nouveau lien personnel vous est envoyé par courriel. L'ancien lien ne fonctionne plus.
lost-back = Retour à l'accueil
lost-lead-title = Liens perdus
lost-lead-help = Demandes faites sur le formulaire public « J'ai perdu mon lien ». « Envoyer un nouveau lien » désactive l'ancien lien de l'organisme (et ferme les sessions qu'il a ouvertes), fait de l'adresse de la demande le contact de l'organisme, car la personne précédente est peut-être partie, et lui envoie par courriel un nouveau lien personnel.
lost-lead-caption = { $count ->
    [one] Une demande en attente
   *[other] { $count } demandes en attente
}
lost-lead-none = Aucune demande en attente.
lost-col-email = Adresse de la demande
lost-col-when = Demandé le
lost-lead-send = Envoyer un nouveau lien
lost-lead-dismiss = Ignorer
lost-domains-title = Domaines reconnus
lost-domains-help = Une demande dont l'adresse est d'un domaine enregistré pour son organisme reçoit son nouveau lien tout de suite, sans attendre l'équipe. Indiquez le code de l'organisme et le domaine, par exemple mairie-exemple.fr.
lost-domains-target = Code de l'organisme
lost-domains-domain = Domaine de courriel
lost-domains-add = Enregistrer le domaine
lost-domains-remove = Retirer
