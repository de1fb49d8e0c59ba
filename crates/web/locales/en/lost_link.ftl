# "I lost my link / my colleague left": the public form and the lead's answers.
lost-welcome-link = I lost my link / my colleague left
lost-title = I lost my link / my colleague left
lost-intro = Your body is answering a survey under way but its personal link is lost, or the person who received it has left? Give your body and your professional e-mail address: the study team will send you a new link.
lost-body = Your body
lost-body-help = Its code (SIREN of the EPCI, INSEE code of the commune) or its exact name, for instance "Métropole Européenne de Lille".
lost-email = Your professional e-mail address
lost-email-help = The new link will be sent to this address, which will become your body's contact for the survey.
lost-submit = Ask for a new link
lost-privacy = Your address is only used to send you the link; it is kept with the survey and erased on request.
lost-expired = The form expired: check your details and send it again.
lost-error-body = Give the code or the name of your body.
lost-error-email = Give a valid e-mail address, for instance first.last@mairie-exemple.fr.
lost-done = Your request has been passed on to the study team. If your body takes part in a survey under way, a new link will be sent to you by e-mail.
lost-done-sent = Your request is recognised: a new personal link is being sent to you by e-mail. The old link no longer works.
lost-back = Back to the home page
lost-lead-title = Lost links
lost-lead-help = Requests made on the public form "I lost my link". "Send a new link" disables the body's old link (and ends the sessions it opened), makes the request's address the body's contact, as the previous person may have left, and e-mails it a new personal link.
lost-lead-caption = { $count ->
    [one] One pending request
   *[other] { $count } pending requests
}
lost-lead-none = No pending request.
lost-col-email = Address of the request
lost-col-when = Requested on
lost-lead-send = Send a new link
lost-lead-dismiss = Dismiss
lost-domains-title = Recognised domains
lost-domains-help = A request whose address belongs to a domain registered for its body gets its new link at once, without waiting for the team. Give the body's code and the domain, for instance mairie-exemple.fr.
lost-domains-target = Body code
lost-domains-domain = E-mail domain
lost-domains-add = Register the domain
lost-domains-remove = Remove
