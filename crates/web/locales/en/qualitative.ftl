# The study's qualitative material: actors met, interviews, verbatims, benchmark.

qual-nav = Qualitative study
qual-nav-label = Qualitative study
qual-nav-actors = Actors met
qual-nav-interviews = Interviews
qual-nav-structures = Pooling structures
qual-wave-nav-verbatims = Verbatims

## Actors
qual-actors-title = Actors met
qual-actors-summary = { $organisations } organisations ({ $inside } in the study's territory, { $outside } outside), { $people } people met.
qual-actors-privacy-lead = Names and emails of the people met are personal data: only study leads and administrators see them; viewers see roles only.
qual-actors-privacy-viewer = Only the roles of the people met are shown: their names are personal data, for the study team only.
qual-actors-inside = Organisations in the study's territory
qual-actors-outside = Organisations outside the territory
qual-actors-none = No organisation.
qual-col-organisation = Organisation
qual-col-body-type = Kind of body
qual-col-people = People met (role)
qual-col-key = Key
qual-col-role = Role
qual-col-name = Name
qual-col-email = Email
qual-col-actions = Actions
qual-actors-import-title = Import actors
qual-actors-import-label = Actors file (pasted CSV)
qual-import-help = A header line, then one line per item; columns: { $columns }. The import is whole or not at all; a line already known (same key) is updated.
qual-import-submit = Import
qual-actors-example = Load the 2014 study's annex
qual-actors-example-help = The 27 organisations and 48 roles met during the 2014 study, without any name.
qual-actors-edit-title = Edit the organisations
qual-in-territory = In the study's territory
qual-save = Save
qual-edit = edit
qual-actors-delete = Delete the organisation
qual-actors-delete-help = Also deletes the people met there; refused while interviews with it are recorded.
qual-actors-people-of = People met: { $organisation }
qual-actors-person-delete = Delete
qual-actors-person-add = Add a person met to “{ $organisation }”
qual-actors-person-submit = Add the person
qual-key-help = Identifier used by the interviews file (e.g. region-8): letters, digits, hyphen, dot, underscore.
qual-name-help = Optional: personal data, visible to the study team only.
qual-actors-imported = Import done: { $organisations } organisations, { $people } people met.
qual-actors-saved = Organisation saved.
qual-actors-deleted = Deleted.
qual-actors-person-added = Person met added.

## Kinds of body
qual-body-etat = State service
qual-body-region = Région
qual-body-departement = Département
qual-body-epci = EPCI
qual-body-commune = Commune
qual-body-syndicat = Syndicate
qual-body-gip = Public interest group
qual-body-centre_gestion = Management centre
qual-body-etablissement_public = Public body
qual-body-association = Association or network
qual-body-entreprise = Company
qual-body-administration_etrangere = Foreign administration

## Errors
qual-pasted = pasted text
qual-error-import = Import refused, nothing was saved: { $detail }
qual-error-store = Refused: { $detail }
qual-error-empty = The pasted text has no line to import.
qual-error-required = This field is required.
qual-error-body-type = Choose a kind of body from the list.
qual-error-key = Key required: letters, digits, hyphen, dot or underscore, at most 64 characters.
qual-error-email = This email is not valid.
qual-error-organisation = Choose an organisation from the list.
qual-error-date = Date expected as YYYY-MM-DD.
qual-error-duration = Length expected in minutes, from 1 to 1440.
qual-error-participants = Choose the participants among the people met.
qual-error-code = Code required: unaccented letters, digits, hyphen or underscore, at most 32 characters.
qual-error-code-taken = This code is already another interview's.

## Interviews
qual-interviews-title = Interviews
qual-interviews-private = Interview notes are private to the study team: they appear on no other page, in no export and not in the report.
qual-interviews-caption = { $count ->
    [one] One interview
   *[other] { $count } interviews
}
qual-interviews-none = No interview recorded.
qual-col-code = Code
qual-col-date = Date
qual-col-duration = Length (minutes)
qual-col-participants = Participants
qual-col-notes = Notes
qual-choose = — choose —
qual-date-help = Format YYYY-MM-DD.
qual-participants-help = Several choices allowed (Ctrl or Cmd + click).
qual-notes-help = Private to the study team; emptied after 5 years by the purge.
qual-code-help = Identifier of the interview (e.g. E01), used by the verbatims file.
qual-interviews-add-title = Add an interview
qual-interviews-add = Add the interview
qual-interviews-import-title = Import interviews
qual-interviews-import-label = Interviews file (pasted CSV)
qual-interview-title = Interview { $code }
qual-interview-delete-title = Delete the interview
qual-interview-delete-help = Also deletes, in every wave, the verbatims quoting this interview.
qual-interview-delete = Delete the interview
qual-interviews-imported = { $count ->
    [one] One interview imported.
   *[other] { $count } interviews imported.
}
qual-interviews-saved = Interview saved.
qual-interviews-deleted = Interview deleted ({ $verbatims } verbatims deleted with it).

## Verbatims
qual-verbatims-title = Verbatims by theme
qual-verbatims-summary = { $count ->
    [0] No coded verbatim for this wave.
    [one] One coded verbatim.
   *[other] { $count } coded verbatims.
}
qual-verbatims-anonymous = Anonymised verbatims: only the kind of body and the size class are shown, never a name or a code. A verbatim coded with several themes shows under each.
qual-verbatims-themes-label = Themes
qual-verbatims-none = No verbatim for this theme.
qual-source-entretien = interview
qual-source-questionnaire = questionnaire
qual-verbatims-import-title = Import coded verbatims
qual-verbatims-import-label = Verbatims file (pasted CSV)
qual-verbatims-import-help = A header line, then one line per verbatim; columns: { $columns }. Source “entretien” (with interview) or “reponse” (with respondent and question); themes separated by “;” among: { $themes }. Lines without a theme are skipped; the verbatims of a source replace its earlier ones.
qual-verbatims-imported = { $count ->
    [one] One verbatim imported
   *[other] { $count } verbatims imported
} ({ $skipped ->
    [0] no line without a theme
    [one] one line without a theme skipped
   *[other] { $skipped } lines without a theme skipped
}).

## Structures
qual-structures-title = Pooling structures
qual-structures-intro = Benchmark of { $count } pooling structures outside the study's territory, from their public records.
qual-structures-caption = Comparison of the pooling structures
qual-structures-criterion = Criterion
qual-structures-legal-form = Legal form
qual-structures-type = Kind of pooling
qual-structures-created = Created
qual-structures-territory = Territory
qual-structures-members = Members
qual-structures-services = Services (catalogue)
qual-structures-governance = Governance
qual-structures-economic-model = Economic model
qual-judgement-note = Items marked “study team's judgement” are judgements, not sourced facts; every item cites its sources.
qual-moof-title = MOOF analysis (threats, opportunities, strengths, weaknesses)
qual-moof-threats = Menaces (threats)
qual-moof-opportunities = Opportunités (opportunities)
qual-moof-strengths = Forces (strengths)
qual-moof-weaknesses = Faiblesses (weaknesses)
qual-judgement = study team's judgement
qual-sources = sources:
qual-sources-title = Sources
