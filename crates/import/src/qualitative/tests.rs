//! Tests of the qualitative readers: the shipped example, and refusals that name the line.

use mutu_domain::testing::WaveBuilder;

use super::*;
use crate::read_territory_csv;

const ACTORS: &str = include_str!("../../../../data/qualitative/actors.csv");
const TERRITORY: &str = include_str!("../../../../tests/fixtures/npdc-2014/territory.csv");

fn campaign() -> Campaign {
    let territory = read_territory_csv("territory.csv", TERRITORY.as_bytes()).unwrap();
    WaveBuilder::new("npdc-2014").name("Nord-Pas-de-Calais 2014").targets_from(&territory).build()
}

#[test]
fn the_seeds_annex_reads_as_27_organisations_and_48_people() {
    let actors = read_actors("actors.csv", ACTORS).expect("actors.csv");
    assert_eq!(actors.organisations.len(), 27);
    assert_eq!(actors.organisations.iter().filter(|o| o.in_territory).count(), 18);
    assert_eq!(actors.people.len(), 48);
    assert_eq!(actors.people.iter().filter(|p| p.organisation == "Conseil régional").count(), 7);
    assert!(actors.people.iter().all(|p| p.name.is_empty() && p.email.is_none()), "example data holds roles only");
}

#[test]
fn refusals_name_file_line_and_field() {
    let head = ACTOR_COLUMNS.join(",");
    let bad = format!("{head}\na,Org,oui,epci,,DSI,\nb,Org,peut-être,epci,,DSI,\n");
    assert_eq!(
        read_actors("a.csv", &bad).unwrap_err().to_string(),
        "a.csv, ligne 3, champ in_territory : « peut-être » : oui ou non attendu"
    );
    let twice = format!("{head}\na,Org,oui,epci,,DSI,\na,Org,oui,epci,,DGS,\n");
    assert!(read_actors("a.csv", &twice).unwrap_err().to_string().contains("ligne 3, champ key"));
    let orgs: HashSet<String> = ["Org".to_owned()].into();
    let people: HashSet<String> = ["a".to_owned()].into();
    let interviews = format!("{}\nE01,Org,2014-09-31,90,a;z,notes\n", INTERVIEW_COLUMNS.join(","));
    let err = read_interviews("i.csv", &interviews, &orgs, &people).unwrap_err().to_string();
    assert_eq!(err, "i.csv, ligne 2, champ participants : personne « z » inconnue");
    let missing = "code,organisation\nE01,Org\n";
    assert!(read_interviews("i.csv", missing, &orgs, &people).unwrap_err().to_string().contains("champ date"));
}

#[test]
fn a_coding_sheet_comes_back_as_verbatims() {
    let texts = [FreeText {
        respondent: "200012003".into(),
        question: "needs".into(),
        text: "Un « pôle », neutre ; vraiment".into(),
    }];
    let sheet = write_coding_sheet(&texts).unwrap();
    assert!(sheet.starts_with("source,interview,respondent,question,quote,themes\n"), "{sheet}");
    let coded = sheet.replacen(",\n", ",strategie;gouvernance\n", 2);
    let campaign = campaign();
    let themes = mutu_domain::qualitative::default_themes();
    let (verbatims, skipped) = read_verbatims("v.csv", &sheet, &campaign, &themes, &HashSet::new()).unwrap();
    assert_eq!((verbatims.len(), skipped), (0, 1), "an uncoded line is skipped");
    let (verbatims, _) = read_verbatims("v.csv", &coded, &campaign, &themes, &HashSet::new()).unwrap();
    assert_eq!(verbatims[0].quote, texts[0].text);
    assert_eq!(verbatims[0].themes, ["strategie", "gouvernance"]);
    let unknown = sheet.replacen(",\n", ",inconnu\n", 2);
    let err = read_verbatims("v.csv", &unknown, &campaign, &themes, &HashSet::new()).unwrap_err().to_string();
    assert!(err.starts_with("v.csv, ligne 2, champ themes : thème « inconnu » inconnu"), "{err}");
}
