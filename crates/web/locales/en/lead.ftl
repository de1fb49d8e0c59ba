# Study side (lead, viewer, admin): login, waves, follow-up, invitations, mail.

## Navigation and shared words
lead-nav-label = Main navigation
lead-nav-waves = Survey waves
lead-nav-users = Users
lead-nav-logout = Log out
lead-nav-login = Log in
lead-role-admin = administrator
lead-role-lead = study lead
lead-role-viewer = read only
lead-state-draft = in preparation
lead-state-open = open
lead-state-closed = closed
lead-level-epci = EPCI
lead-level-commune = communes
lead-progress-non_ouvert = Not opened
lead-progress-brouillon = Draft
lead-progress-complet = Complete
lead-yes = Yes
lead-no = No
lead-saved = Changes saved.
lead-filter-all = All
lead-filter-submit = Filter
lead-filter-search = Name or code
lead-filter-search-help = Part of the name, or the start of the INSEE or SIREN code.
lead-filter-link-avec = With a working link
lead-filter-link-sans = Without a working link
lead-followup-filtered = The figures above follow the list's département and size filters.
lead-errors-title = { $count ->
    [one] The form has one error
   *[other] The form has { $count } errors
}

## Column headers
lead-col-code = Code
lead-col-name = Name
lead-col-state = State
lead-col-targets = Targets
lead-col-complete = Complete answers
lead-col-opens = Opening
lead-col-closes = Closing
lead-col-size = Size (population)
lead-col-departement = Département
lead-col-respondents-targets = Respondents / targets
lead-col-rate = Rate
lead-col-target = Target
lead-col-status = Status
lead-col-activity = Last activity
lead-col-invited = Invited
lead-col-entered-by = Entered by
lead-col-actions = Actions
lead-col-email = Email
lead-col-invitation = Invitation link
lead-col-date = Date
lead-col-kind = Kind
lead-col-result = Result
lead-col-role = Role
lead-col-created = Created

## Welcome and login
lead-welcome-title = Welcome to mutu
lead-welcome-intro = mutu is the observatory of pooled digital public services of local authorities: study leads prepare survey waves, follow participation and read the analysis here.
lead-welcome-respondents = Answering a survey? Use the personal link you received by email: no account is needed.
lead-welcome-login = Log in
lead-login-title = Log in
lead-login-email = Email address
lead-login-password = Password
lead-login-submit = Log in
lead-login-respondents = Respondents have no account: they use the personal link they received by email.
lead-login-failed = Wrong email address or password.
lead-login-expired = The login form expired: please enter your credentials again.

## Home
lead-home-title = Survey waves
lead-home-new = New wave
lead-home-caption = { $count ->
    [one] One survey wave
   *[other] { $count } survey waves
}
lead-home-empty = No wave yet.

## A wave's pages
lead-wave-state = The wave is { $state }.
lead-wave-nav-label = Pages of the wave
lead-wave-nav-followup = Follow-up
lead-wave-nav-definition = Questionnaire and dates
lead-wave-nav-invitations = Invitations
lead-wave-nav-mail = Mail

## New wave
lead-new-title = New wave
lead-new-intro = The wave is created in preparation: you can still edit its catalogue and questionnaire, then open it to respondents.
lead-new-code = Code of the wave
lead-new-code-help = 1 to 64 characters: lowercase letters without accents, digits, hyphens and underscores (e.g. hdf-2025).
lead-new-name = Name of the wave
lead-new-level = Level of the targets
lead-new-area = Survey area
lead-new-area-help = Tick régions and/or départements; with no box ticked, every unit of the territory is a target.
lead-new-regions = Régions
lead-new-departements = Départements
lead-new-questionnaire = Questionnaire (TOML, optional)
lead-new-questionnaire-help = Leave empty for the default questionnaire (the 2014 survey's).
lead-new-submit = Create the wave
lead-dates-legend = Dates announced to respondents
lead-dates-opens = Opening date
lead-dates-closes = Closing date
lead-dates-help = Format: YYYY-MM-DD (e.g. 2025-09-30).
lead-dates-submit = Save the dates

## Definition
lead-definition-title = Catalogue and questionnaire
lead-definition-version = Questionnaire version: { $version }.
lead-definition-intro = Each save that changes the catalogue or the questionnaire raises its version.
lead-definition-frozen = The wave has been opened: its catalogue and questionnaire are frozen, so that every answer refers to the same definition.
lead-definition-catalogue = Catalogue (CSV)
lead-definition-catalogue-help = Columns kind,code,theme,label,previous; one line per theme, service and option.
lead-definition-questionnaire = Questionnaire (TOML)
lead-definition-questionnaire-help = The format is described in docs/questionnaire.md; option codes refer to the catalogue above.
lead-definition-submit = Save the catalogue and questionnaire

## Follow-up
lead-followup-title = Follow-up
lead-followup-dates = Announced opening: { $opens }; closing: { $closes }.
lead-followup-open = Open the wave to respondents
lead-followup-close = Close the wave
lead-followup-participation = Participation
lead-followup-total = { $respondents } complete answers out of { $targets } targets ({ $rate }).
lead-followup-figures-note = Only submitted (complete) answers count; figures follow the département and size filters.
lead-followup-by-size = Participation by population size
lead-followup-by-departement = Participation by département
lead-followup-targets = Targets
lead-followup-targets-caption = { $count ->
    [one] One target matches the filters
   *[other] { $count } targets match the filters
}
lead-followup-enter = Enter on its behalf
lead-followup-reopen = Reopen the answer
lead-reminder-title = Remind targets without a complete answer
lead-reminder-help = A reminder goes to each target without a complete answer that has a contact email, with a new personal link (the old one stops working; saved answers are kept).
lead-reminder-submit = Send the reminders

## Invitations
lead-invitations-title = Invitations
lead-invitations-not-yet-draft = The wave is in preparation: links made or exported here will work once it is opened (the “Open the wave” button of the Follow-up page). Until then they lead to a page not found.
lead-invitations-not-yet-closed = The wave is closed: its links no longer work unless it is reopened.
lead-invitations-list = Links by target
lead-invitations-renew-warning = mutu keeps only a fingerprint of each link: a link can never be shown twice. Creating or exporting a link for a target that had one renews it: the old link stops working at once.
lead-invitations-export-title = Export the links for a mail merge
lead-invitations-scope = Targets
lead-invitations-scope-missing = { $count ->
    [one] The target without a working link
   *[other] The { $count } targets without a working link
}
lead-invitations-scope-all = Every target ({ $count }): existing links are renewed
lead-invitations-export = Download the CSV of links
lead-invitations-caption = { $count ->
    [one] One target matches the filters
   *[other] { $count } targets match the filters
}
lead-invitation-none = None
lead-invitation-active = Active since { $since }
lead-invitation-revoked = Revoked on { $since }
lead-invitations-create = Create the link
lead-invitations-renew = Renew
lead-invitations-revoke = Revoke
lead-invitations-renewed = New link for { $name }:
lead-invitations-link = Personal link
lead-invitations-shown-once = Copy it now: it will not be shown again. The old link no longer works.
lead-contacts-title = Contact emails
lead-contacts-count = { $count } of { $total } targets have a contact email.
lead-contacts-label = Contacts to import (CSV)
lead-contacts-help = Paste a CSV with a header row respondent,email,name (the name is optional). Everything is imported, or nothing if a line is refused.
lead-contacts-submit = Import the contacts
lead-contacts-imported = { $count ->
    [one] One contact imported.
   *[other] { $count } contacts imported.
}

## Mail
lead-mail-title = Mail
lead-mail-not-configured = This server does not send mail itself (no SMTP relay configured): queued mail goes out as soon as a sending worker runs (mutu worker --smtp-host …), here or on another machine. You can also export the links for a mail merge from the Invitations page.
lead-mail-draft = The wave is in preparation: queued mail will go out, but its links will only work once the wave is opened.
lead-mail-closed = The wave is closed: reopen it before writing to respondents.
lead-mail-queued = { $count ->
    [0] No message queued
    [one] One message queued
   *[other] { $shown } messages queued
}: they go out as the relay allows; follow them below.
lead-mail-already-waiting = { $shown } recipients already had one waiting: it is not queued twice.
lead-mail-links-on-opening = The links of these messages will work once the wave is opened.
lead-mail-retried = { $count ->
    [0] No failure to retry.
    [one] One failure queued again.
   *[other] { $shown } failures queued again.
}
lead-mail-send-title = Send
lead-mail-contacts = { $shown } targets have a contact email.
lead-mail-contacts-link = Import contacts
lead-mail-fresh-links = Each message carries a new personal link: the target's previous link stops working when it is sent. The button queues the messages and answers at once; the worker then sends them.
lead-mail-invite-scope = Invitations to send
lead-mail-invite-missing = To targets without a working link
lead-mail-invite-all = To every target with an email
lead-mail-invite-submit = Queue the invitations
lead-mail-progress-title = Sending
lead-mail-progress-caption = Messages of the wave, by state
lead-mail-progress-queued = Queued or being sent
lead-mail-progress-sent = Sent (accepted by the relay)
lead-mail-progress-failed = Failed
lead-mail-progress-resent = Sent again after an interruption
lead-mail-progress-resent-help = When a worker stops abruptly while sending, the message is sent again unchanged: the recipient may get it twice, with the same identifier (Message-ID), which their mail system can drop.
lead-mail-failures-title = Failures
lead-mail-failures-caption = Failed messages, by target ({ $shown })
lead-mail-failures-none = No failure.
lead-mail-failures-retry = Retry the failures
lead-mail-failures-retry-help = Failed messages are queued again and retried by the worker (fix refused addresses in the contacts first).
lead-mail-attempts = Attempts
lead-mail-reason = Reason
lead-mail-page = Page { $number } of { $pages }
lead-mail-previous = Previous page
lead-mail-next = Next page
lead-mail-schedule-title = Scheduled reminders
lead-mail-schedule-help = On each chosen day, the worker reminds by itself the targets with a contact email and no submitted answer, once (from midnight UTC).
lead-mail-schedule-day = Reminder day
lead-mail-schedule-add = Schedule this day
lead-mail-schedule-remove = Remove { $day }
lead-mail-schedule-done = { $label }: { $count } reminders queued on { $at }
lead-mail-schedule-pending = { $label }: to come
lead-mail-schedule-none = No reminder scheduled.
lead-mail-templates-title = Mail templates
lead-mail-placeholders = Available fields:
lead-mail-kind-invitation = Invitation
lead-mail-kind-reminder = Reminder
lead-mail-kind-group = Working group invitation
lead-mail-default = default template
lead-mail-subject = Subject
lead-mail-body = Text
lead-mail-body-help = The text must contain the personal link field; it is sent as plain text.
lead-mail-save = Save the template
lead-mail-preview-title = Preview
lead-mail-preview-kind = Template
lead-mail-preview-target-help = Code of the target: SIREN of the EPCI or INSEE code of the commune.
lead-mail-preview-unknown = No target with code “{ $code }” in this wave.
lead-mail-preview-submit = Show the preview
lead-mail-preview-link = [personal link, made when sending]
lead-mail-log-title = Mail log
lead-mail-log-caption = { $count ->
    [one] One message sent or attempted
   *[other] { $shown } messages sent or attempted, newest first
}
lead-mail-log-empty = No message sent yet.
lead-mail-ok = Accepted by the relay
lead-mail-failed = Failed: { $reason }

## Users
lead-users-title = Users
lead-users-caption = { $count ->
    [one] One account
   *[other] { $count } accounts
}
lead-users-delete = Delete
lead-users-add-title = Add an account
lead-users-cli = Command-line equivalent:
lead-users-password = Password
lead-users-password-help = At least { $min } characters; give it to the person through another channel than email.
lead-users-add = Add the account
lead-users-added = Account added.

## Field errors
lead-error-required = This field is required.
lead-error-code = The code must have 1 to 64 characters among a-z, 0-9, - and _.
lead-error-code-taken = Wave { $code } already exists: choose another code.
lead-error-code-reserved = This code is reserved: choose another one.
lead-error-level = Choose the level of the targets.
lead-error-area = Invalid area: a région or département code is malformed.
lead-error-targets = { $detail }.
lead-error-toml = Questionnaire, line { $line }: { $detail }
lead-error-csv = Catalogue, line { $line }: { $detail }
lead-error-date = Invalid date “{ $value }”: expected format YYYY-MM-DD.
lead-error-dates-order = The closing must follow the opening.
lead-error-contacts-csv = Line { $line }: { $detail }
lead-error-contacts-header = Line 1: the header must hold the columns respondent and email.
lead-error-contacts-target = Line { $line }: “{ $code }” is not a target of the wave.
lead-error-contacts-email = Line { $line }: invalid address “{ $email }”.
lead-error-subject-line = The subject must fit on one line.
lead-error-placeholder = Unknown field { $name }.
lead-error-body-link = The text must contain the personal link field, or the respondent cannot answer.
lead-error-email = Invalid address “{ $email }”.
lead-error-email-taken = An account already exists for { $email }.
lead-error-role = Choose a role.
lead-error-password-short = The password must have at least { $min } characters.

## Audit log (administrators)
lead-nav-audit = Audit log
lead-audit-title = Audit log
lead-audit-intro = Who changed what: answers submitted or reopened, wave states, invitation links, accounts, qualitative material. Newest first.
lead-audit-actor = Actor
lead-audit-action-prefix = Action starting with
lead-audit-action-help = For instance “campaign.”, “response.”, “user.”.
lead-audit-filter = Filter
lead-audit-caption = { $count ->
    [0] No entry
    [one] { $count } entry, newest first
   *[other] { $count } entries, newest first
}
lead-audit-when = Date
lead-audit-action = Action
lead-audit-subject = Subject
lead-audit-empty = No entry matches.
lead-audit-pages = Journal pages
lead-audit-newest = Newest
lead-audit-older = Older
lead-followup-agent = { $email } (agent, ProConnect)
lead-domains-title = Domains let in as viewers
lead-domains-help = Agents whose e-mail is in one of these domains and who sign in with ProConnect get a read-only account on their first sign-in (no password: they sign in through ProConnect only).
lead-domains-no-oidc = No ProConnect provider is configured: these domains only serve once mutu runs with --oidc-issuer.
lead-domains-caption = { $count ->
    [0] No domain let in
    [one] One domain let in
   *[other] { $count } domains let in
}
lead-col-domain = Domain
lead-domains-added-by = Added by
lead-domains-remove = Remove
lead-domains-add = Let the domain in
lead-domains-cli = Command-line equivalent:
lead-error-domain = “{ $domain }” is not a domain name (example: region-example.fr).
lead-error-domain-taken = The domain “{ $domain }” is already let in.
