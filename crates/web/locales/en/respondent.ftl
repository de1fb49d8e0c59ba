# Respondent side: invitation, form, receipt.
resp-nav-label = Questionnaire sections
resp-nav-unanswered = { $count ->
    [one] { $count } unanswered question
   *[other] { $count } unanswered questions
}
resp-overview-title = Your answer
resp-overview-intro = This questionnaire is about the digital services of { $body }. Your answers are saved as you type: you can stop and come back later with the same link, and several officers may share it.
resp-overview-closes = The survey ends on { $date }.
resp-sections-title = Sections
resp-section-done = no unanswered question
resp-start = Start
resp-resume = Resume
resp-progress-unanswered = { $count ->
    [one] { $count } unanswered question
   *[other] { $count } unanswered questions
}{ $required ->
    [0] {""}
    [one] , one of them required to submit
   *[other] , { $required } of them required to submit
}
resp-progress-all-answered = every question has an answer
resp-on-behalf-notice = Entering the answers of { $name } (paper questionnaire): each save is recorded in your name ({ $email }).
resp-required = (required)
resp-required-explained = Questions marked with an asterisk (*) are required to submit the answer; the others may stay empty.
resp-save = Save
resp-save-next = Save and continue
resp-save-summary = Save and see the summary
resp-saved-notice = Section saved.
resp-merge = Merge
resp-stale-title = Another officer saved in the meantime
resp-stale-text = Your entries were not saved: they are kept below. "Merge" saves this section as you typed it on top of the latest version; the other sections keep your colleague's answers.
resp-stale-discard = Drop my entries and show the latest version
resp-errors-title = { $count ->
    [one] One answer needs correcting
   *[other] { $count } answers need correcting
}
resp-error-mutualisation = "Already pooled" requires a deployed service; "Will be shortly", a deployed or studied one.
resp-matrix-hint = For each service, say whether it is deployed, being studied, or neither, then whether it is pooled. A service left on "Neither" counts as such. With the keyboard: Tab moves from one group of choices to the next, the arrow keys change the choice within a group.
resp-matrix-count-before = Services deployed or being studied:
resp-matrix-count-after = out of { $total }
resp-matrix-themes-nav = Service themes
resp-matrix-none-active = No service deployed or being studied.
resp-matrix-field-status = Status
resp-matrix-field-mutualisation = Pooling
resp-matrix-field-types = Kinds of pooling
resp-matrix-field-actors = Partners involved
resp-matrix-field-partners = Named partners
resp-status-deployed = Deployed
resp-status-studied = Being studied
resp-status-none = Neither
resp-mutualisation-implemented = Already pooled
resp-mutualisation-planned = Will be shortly
resp-mutualisation-none = No
resp-col-service = Service
resp-summary-title = Summary and submission
resp-summary-missing = { $count ->
    [one] One required question has no answer
   *[other] { $count } required questions have no answer
}
resp-summary-stale = Another officer changed the answer in the meantime: read the updated summary before submitting.
resp-submit-warning = Once submitted, your answers can no longer be changed; they stay readable with your link.
resp-submit = Submit my answers
resp-edit-section = Edit the section
resp-your-answers = Your answers
resp-no-answer = No answer
resp-receipt-title = Receipt
resp-receipt-wave = Survey
resp-receipt-body = Body
resp-receipt-date = Submitted on
resp-receipt-at = { $date } at { $time } (UTC)
resp-receipt-readonly = Your answer was submitted. It can no longer be changed; you can read it here with your link. For any correction, write to the study lead.
resp-notice-submitted = Thank you: your answer is submitted.
resp-notice-prefilled = Your answers to the previous survey were carried over: check and complete them before submitting.
resp-prefill-title = Start from your previous answers?
resp-prefill-text = Your body answered the survey "{ $wave }". You can start from those answers (what no longer applies to this questionnaire is left out, and so are the details of the person who answered) or start from a blank questionnaire.
resp-prefill-button = Start from my previous answers
resp-refused-not-open = The survey is not open yet: answers cannot be saved yet.
resp-refused-closed = The survey is closed: answers can no longer be changed.
resp-refused-submitted = The answers were submitted: they can no longer be changed. For any correction, write to the study lead.
resp-autosave-saving = Saving…
resp-autosave-saved = Saved at { $time }.
resp-autosave-stale = A colleague saved another version in the meantime: your entries are kept in this browser.
resp-autosave-merge = Load their version and merge my entries into it
resp-autosave-expired = Your session has expired: open your invitation link again, your entries will be saved.
resp-autosave-offline = Connection lost: your entries are kept in this browser and will be saved when the connection is back.
resp-autosave-refused = Not saved: { $error }
resp-autosave-restored = The entries kept in this browser have been saved.

# Why an answer is refused (the domain's problem codes).
resp-problem-unknown-question = unknown question in this questionnaire
resp-problem-required = an answer is required
resp-problem-not-asked = this question is not asked given the other answers
resp-problem-unknown-option = unknown option "{ $code }"
resp-problem-code-expected = an option code is expected
resp-problem-codes-expected = a list of codes is expected
resp-problem-text-too-long = text too long (20,000 characters at most)
resp-problem-text-expected = a text is expected
resp-problem-number-expected = a number is expected
resp-problem-out-of-bounds = number out of the allowed range
resp-problem-services-expected = an object per service is expected
resp-problem-unknown-service = service not in the catalogue
resp-problem-object-expected = an object is expected
resp-problem-unknown-field = unknown field
resp-problem-value-refused = value { $value } refused (expected: { $allowed })
resp-problem-status-missing = status missing
resp-problem-implemented-needs-deployed = "implemented" requires the status "deployed"
resp-problem-planned-needs-status = "planned" requires the status "deployed" or "studied"
resp-problem-empty-without-pooling = without pooling, this field must stay empty
resp-problem-partners-need-others = partners are named with the actor "autres" (others)
resp-receipt-pdf = Download the receipt (PDF)
oidc-respondent-title = Answer with ProConnect
oidc-respondent-no-siret = Your ProConnect identity carries no SIRET number: mutu cannot tell which body you answer for.
oidc-respondent-unknown = No open survey awaits the answer of the organisation with SIREN { $siren }. The study team has been told.
oidc-respondent-help = If your body must answer, use the personal link you received by mail, or write to the study team that asked you.
oidc-respondent-door = Answering for your local authority?
oidc-respondent-button = Answer with ProConnect
oidc-unmatched-title = ProConnect sign-ins without an open survey
oidc-unmatched-intro = These agents signed in with ProConnect to answer, but no open wave counts their organisation among its targets: it may be missing from a wave.
oidc-unmatched-caption = The latest attempts
oidc-col-when = Date
oidc-col-agent = Agent
oidc-col-organisation = Organisation
resp-reopen-text = While the survey is open, the answer can be reopened to correct it: the submitted version is still counted in the analysis until it is submitted again.
resp-reopen-button = Reopen the answer
resp-notice-reopened = The answer is reopened: correct it, then submit it again.
resp-reopened-note = Reopened answer: the version submitted on { $date } is still counted in the analysis until the answer is submitted again.
resp-refused-reopen-closed = The survey is closed: a submitted answer can no longer be reopened.
lead-progress-rouverte = Reopened
lead-mail-kind-receipt = Receipt of an answer
