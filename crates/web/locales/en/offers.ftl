# Register of offers ("ready-to-use services") and a wave's group purchase needs.

## Register of offers
offers-nav = Offers
offers-title = Register of offers
offers-intro = Ready-to-use services of pooling structures (joint syndicates, public interest groups, management centres, the Région's central purchasing body…): for each service of the catalogue, how to join, at what price and in which départements. The pooling opportunities list, for each group of neighbours, the offers that cover all of its members.
offers-register = { $count ->
    [0] No offer in the register
    [one] One offer in the register
   *[other] { $count } offers in the register
}
offers-caption = Offers of pooling structures, in register order
offers-empty = The register is empty: add an offer or import a file.
offers-col-structure = Structure
offers-col-service = Service
offers-col-vehicle = Legal vehicle
offers-col-price = Price model
offers-col-area = Départements covered
offers-col-actions = Actions
offers-area-all = Every département
offers-remove = Remove
offers-add-title = Add an offer
offers-structure-help = Name of the structure offering the service (e.g. Mégalis Bretagne).
offers-choose = — Choose —
offers-vehicle-help = How a local authority joins the offer: a pooling type of the catalogue.
offers-price-help = In a few words (e.g. a fee of €0.10 per inhabitant per year).
offers-area-help = Département codes separated by "|" (e.g. 59|62), or "*" for all.
offers-add-submit = Add the offer
offers-import-title = Replace the register with a file
offers-import-label = Register of offers (pasted CSV)
offers-import-help = A header line, then one line per offer; columns: { $columns } (comma or semicolon). The file replaces the whole register, or nothing changes: the first faulty line is named. The field holds the current register, ready to edit.
offers-import-submit = Replace the register
offers-pasted = pasted register
offers-added = Offer added: the register holds { $count } offers.
offers-removed = Offer removed: the register holds { $count } offers.
offers-imported = Register replaced: { $count } offers imported.
offers-error-field = Offer refused, field { $detail }
offers-error-duplicate = "{ $structure }" already offers the service "{ $service }" through "{ $vehicle }": nothing was added.
offers-error-stale = The register changed since the page was shown: nothing was removed. Check the table below and try again.
offers-error-import = Import refused, the register did not change: { $detail }

## A wave's group purchase needs
purchases-nav = Group purchases
purchases-title = Group purchase needs
purchases-intro = The respondents who want to buy together: per service, those citing the pooling type "{ $purchase }" (pooling done or planned); apart, those expecting "{ $support }", a question not asked per service. Only complete answers count: this is the starting list of a group purchase.
purchases-csv = Download every list (CSV for spreadsheets)
purchases-none = No respondent cites a group purchase or asks for help to set one up.
purchases-summary-caption = Needs per service ({ $services } of { $total } services have buyers) and requests for help to set one up
purchases-col-need = Need
purchases-col-bodies = Local authorities
purchases-col-population = Population
purchases-pick = List to show
purchases-show = Show
purchases-buyers-title = Buyers: { $service }
purchases-support-title = Requests for help to set up a group purchase
purchases-list-total = { $bodies ->
    [one] One local authority
   *[other] { $bodies } local authorities
}, { $population } inhabitants in all.
purchases-buyers-caption = Local authorities citing "{ $purchase }" for the service "{ $service }"
purchases-support-caption = Local authorities expecting "{ $support }"
purchases-col-body = Local authority
purchases-col-code = Code (SIREN or INSEE)
purchases-col-departement = Département
purchases-col-mutualisation = Pooling
purchases-col-types = Pooling types cited
purchases-col-support = Also asks for help to set one up
purchases-mutualisation-implemented = Done
purchases-mutualisation-planned = Planned
purchases-mutualisation-none = —
purchases-yes = Yes
purchases-no = No
