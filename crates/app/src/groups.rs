//! Working groups' use cases shared by the command line and the pages: the starting file of
//! a group purchase ("groupement de commandes"), the same bytes from `mutu groups export`,
//! `mutu opportunities --export-group` and the group page's download.

use crate::error::{AppError, Result};
use mutu_domain::campaign::Campaign;
use mutu_render::neutralise;
use mutu_storage::Store;

/// The starting file of a group purchase for `members` of `campaign` (an opportunity's group
/// or a working group): French Excel CSV (BOM, `;`, CRLF), one row per member with its code
/// (the SIREN of an EPCI), name, population, communes, département and contact when known.
///
/// # Errors
///
/// [`AppError::NotFound`] for a member that is not a target of the wave; the store's errors.
pub async fn members_csv<S: AsRef<str>>(store: &Store, campaign: &Campaign, members: &[S]) -> Result<String> {
    let contacts = store.contacts(&campaign.code).await?;
    let targets = campaign.target_index();
    let mut out = String::from("\u{feff}code;nom;population;communes;departement;courriel;contact\r\n");
    for member in members {
        let member = member.as_ref();
        let target = targets
            .get(member)
            .ok_or_else(|| AppError::NotFound(format!("la cible {member} dans la vague {}", campaign.code)))?;
        let contact = contacts.iter().find(|c| c.respondent == member);
        let cells = [
            member.to_owned(),
            target.name.clone(),
            target.population.to_string(),
            target.communes.to_string(),
            target.departement.to_string(),
            contact.map_or_else(String::new, |c| c.email.clone()),
            contact.map_or_else(String::new, |c| c.name.clone()),
        ];
        let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// A formula-safe CSV cell, quoted when it holds a separator, a quote or a line break.
pub fn cell(text: &str) -> String {
    let safe = neutralise(text);
    if safe.contains([';', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe.into_owned() }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formula_safe() {
        assert_eq!(cell("CC du Pays; de Lumbres"), "\"CC du Pays; de Lumbres\"");
        assert_eq!(cell("Dit \"oui\""), "\"Dit \"\"oui\"\"\"");
        assert!(cell("=1+1").starts_with('\''), "{}", cell("=1+1"));
    }
}
