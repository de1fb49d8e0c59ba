//! `mutu report` and `mutu opendata` on the seed's wave: the files a study lead hands over,
//! holding the figures `mutu analyse` prints (the weighted estimates with their intervals
//! included) and the study's qualitative material (verbatims by theme, benchmark, actors met,
//! never a name), and refusals that write nothing.

use super::harness::Db;
use calamine::{DataType, Reader, Xlsx, open_workbook};
use serde_json::Value;

pub fn the_seed_report_holds_the_figures_of_analyse(db: &Db) {
    db.load_seed_wave();
    let printed = db.ok(&["report", "--campaign", "npdc-2014", "--format", "html", "-o", "rapport.html"]);
    assert!(printed.contains("rapport.html") && printed.contains("37 répondants sur 53"), "{printed}");
    let html = std::fs::read_to_string(db.path("rapport.html")).expect("rapport.html");
    // `analyse --format text` writes `6/10 (60 %)`, the report the seed's `6 sur 10 (60 %)`.
    let text = db.ok(&["analyse", "--campaign", "npdc-2014", "--format", "text"]);
    for figure in ["6/10 (60 %)", "11/14 (79 %)", "11/15 (73 %)", "9/14 (64 %)", "37/53 (70 %)", "14/20 (70 %)"] {
        assert!(text.contains(figure), "analyse lacks {figure}");
        let seed = figure.replacen('/', " sur ", 1);
        assert!(html.contains(&format!("<td class=\"nombre\">{seed}</td>")), "the report lacks {seed}");
    }
    assert_eq!(html.matches("<figure id=\"figure-").count(), 11);
    // The territory got its contours on import: the participation map, the maps of the three
    // most deployed services, and the opportunities chapter with the maps of its groups.
    let maps = html.matches("<figure id=\"carte-").count();
    assert!(maps > 1 + 3, "{maps} maps: participation, three services, at least one group");
    assert_eq!(html.matches("<svg").count(), 11 + maps);
    let participation = &html[html.find("<figure id=\"carte-participation\"").expect("participation map")..];
    let participation = &participation[..participation.find("</figure>").expect("end")];
    assert_eq!(participation.matches("<path class=\"cible").count(), 53, "one path per EPCI");
    assert_eq!(html.matches("<figure id=\"carte-service-").count(), 3);
    assert!(html.contains("<h2>4. Opportunités de mutualisation</h2>") && html.contains("<figure id=\"carte-groupes-"));
    assert!(!html.contains("<script"));

    db.ok(&["report", "--campaign", "npdc-2014", "--format", "pdf", "-o", "rapport.pdf"]);
    let pdf = std::fs::read(db.path("rapport.pdf")).expect("rapport.pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");

    db.ok(&["report", "--campaign", "npdc-2014", "--format", "xlsx", "-o", "rapport.xlsx"]);
    let xlsx = std::fs::read(db.path("rapport.xlsx")).expect("rapport.xlsx");
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    the_outputs_show_the_weighted_estimates_of_analyse(db);
}

/// `41 % [33 – 49]`: an estimate of `mutu analyse --weights size_class --format json` as the
/// report prints it (each bound a whole percentage, rounded half up), computed here on its
/// own from the JSON.
fn shown(estimate: &Value) -> String {
    let percent = |x: &Value| (x.as_f64().expect("a number") * 100.0 + 0.5 + 1e-9).floor() as i64;
    let [low, high] = [&estimate["ci95"][0], &estimate["ci95"][1]];
    format!("{} % [{} – {}]", percent(&estimate["estimate"]), percent(low), percent(high))
}

/// The text of a PDF, every run of spaces (no-break ones included) made one space; `None`
/// without `pdftotext` (a failure under CI).
fn pdf_text(path: &std::path::Path) -> Option<String> {
    let Ok(out) = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(path).arg("-").output() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pdftotext is missing under CI: install poppler-utils");
        eprintln!("SKIPPED: pdftotext not found (install the Debian package poppler-utils)");
        return None;
    };
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).expect("UTF-8").split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The report in its three formats and the open data show the weighted estimates `mutu
/// analyse --weights size_class` prints, beside the counts (the seed's wave is loaded).
fn the_outputs_show_the_weighted_estimates_of_analyse(db: &Db) {
    let analysis = db.json(&["analyse", "--campaign", "npdc-2014", "--weights", "size_class", "--format", "json"]);
    let services = analysis["weighted"]["services"].as_array().expect("weighted services");
    let counts = analysis["services"].as_array().expect("services");
    let site = &services[0];
    assert_eq!(site["service"], "site_internet");
    let measures = ["deployed", "studied", "mutualised"];
    let site_shown = measures.map(|m| shown(&site[m]));
    let site_counts = measures.map(|m| counts[0][m].as_u64().expect("a count").to_string());

    db.ok(&["report", "--campaign", "npdc-2014", "--format", "html", "-o", "rapport.html"]);
    let html = std::fs::read_to_string(db.path("rapport.html")).expect("rapport.html");
    let chapter = &html[html.find("<section id=\"section-estimations\">").expect("the chapter")..];
    let chapter = &chapter[..chapter.find("</section>").expect("its end")];
    assert!(chapter.contains("<h2>8. Estimations pondérées</h2>"), "after the expected support");
    let cell = |text: &str| format!("<td class=\"nombre\">{text}</td>");
    let row: String = site_counts.iter().zip(&site_shown).map(|(c, e)| cell(c) + &cell(e)).collect();
    let row = format!("<th scope=\"row\">Site internet institutionnel</th>{row}</tr>");
    assert!(chapter.contains(&row), "the counts beside the estimates: {row}");
    for s in services {
        for m in measures {
            let e = shown(&s[m]);
            assert!(chapter.contains(&cell(&e)), "{} {m}: {e} not in the report", s["service"]);
        }
    }
    assert!(chapter.contains("Estimations pondérées : part des cibles (et non des seuls répondants)"), "the note");
    assert!(!chapter.contains("Strate vide"), "every size class has respondents");

    db.ok(&["report", "--campaign", "npdc-2014", "--format", "pdf", "-o", "rapport.pdf"]);
    if let Some(text) = pdf_text(&db.path("rapport.pdf")) {
        let body = text.rfind("8. Estimations pondérées").expect("the chapter in the PDF");
        let chapter = &text[body..text[body..].find("9. Benchmark").expect("the next chapter") + body];
        for s in services {
            let e = shown(&s["deployed"]);
            assert!(chapter.contains(&e), "{}: {e} not in the PDF", s["service"]);
        }
        assert!(chapter.contains(&site_shown[2]) && chapter.contains("Strates"), "{chapter}");
    }

    db.ok(&["report", "--campaign", "npdc-2014", "--format", "xlsx", "-o", "rapport.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(db.path("rapport.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("Estimations pondérées").expect("the sheet");
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), 1 + 3 * services.len(), "a row per service and measure");
    for (i, m) in measures.iter().enumerate() {
        let r = rows[1 + i];
        assert_eq!(r[0].to_string(), "site_internet");
        assert_eq!(r[3].as_f64(), counts[0][*m].as_f64(), "{m}: the count");
        // The workbook's XML keeps a number to about 16 digits: unrounded, not to the last bit.
        let same = |cell: &calamine::Data, json: &Value| {
            let (cell, json) = (cell.as_f64().expect("a number"), json.as_f64().expect("a number"));
            (cell - json).abs() < 1e-12
        };
        assert!(same(&r[4], &site[*m]["estimate"]), "{m}: the estimate, unrounded: {}", r[4]);
        assert!(same(&r[5], &site[*m]["ci95"][0]), "{m}: its low bound: {}", r[5]);
        assert!(same(&r[6], &site[*m]["ci95"][1]), "{m}: its high bound: {}", r[6]);
        assert_eq!(r[7].to_string(), site_shown[i], "{m}: as the report reads it");
        assert_eq!(r[8].to_string(), "estimee");
    }
    assert!(book.sheet_names().iter().any(|s| s == "Strates des estimations"));

    assert_eq!(counts[0]["studied"], 2, "the fixture has a count the open data masks");
    db.ok(&["opendata", "--campaign", "npdc-2014", "-o", "donnees"]);
    let csv = std::fs::read_to_string(db.path("donnees").join("estimations_ponderees.csv")).expect("the file");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("service,libelle,mesure,repondants,estimation,ic95_bas,ic95_haut,statut"));
    // Read as the JSON was (serde_json's parser), so the same digits give the same value.
    let number = |text: &str| serde_json::from_str::<Value>(text).expect("a number");
    for (i, m) in measures.iter().enumerate() {
        let line = lines.next().expect("a row");
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(
            cells[..3],
            ["site_internet", "Site internet institutionnel", ["deploye", "etudie", "mutualise"][i]]
        );
        if counts[0][*m].as_u64() < Some(3) {
            // Published under secrecy: a count under 3 is masked, and the estimate with it.
            assert_eq!(cells[3..], ["", "", "", "", "masquee"], "{m}");
            continue;
        }
        assert_eq!(cells[3], counts[0][*m].to_string(), "{m}: the count");
        assert_eq!(number(cells[4]), site[*m]["estimate"], "{m}: the same number as analyse, unrounded");
        assert_eq!(number(cells[5]), site[*m]["ci95"][0], "{m}");
        assert_eq!(number(cells[6]), site[*m]["ci95"][1], "{m}");
        assert_eq!(cells[7], "estimee");
    }
}

pub fn open_data_is_written_with_its_package(db: &Db) {
    db.load_seed_wave();
    let register = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/offers-example.csv");
    db.ok(&["offers", "import", register]);
    let printed = db.ok(&["opendata", "--campaign", "npdc-2014", "-o", "donnees", "--min-count", "10"]);
    assert!(printed.contains("12 fichiers") && printed.contains("seuil de diffusion : 10"), "{printed}");
    let dir = db.path("donnees");
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("datapackage.json")).expect("datapackage.json"))
            .expect("JSON");
    assert_eq!(package["licenses"][0]["name"], "etalab-2.0");
    let resources = package["resources"].as_array().expect("resources");
    assert_eq!(resources.len(), 11);
    let offers = std::fs::read_to_string(db.path("donnees").join("offres.csv")).expect("offres.csv");
    let listed = std::fs::read_to_string(register).expect("the register").lines().count();
    assert_eq!(offers.lines().count(), listed, "the register published whole, header included: {offers}");
    for resource in resources {
        assert!(dir.join(resource["path"].as_str().expect("path")).exists(), "{}", resource["path"]);
    }
    let participation = std::fs::read_to_string(dir.join("participation.csv")).expect("participation.csv");
    assert!(participation.contains("classe_taille,lt10k,< 10 000,10,,,true\r\n"), "6 < 10: masked\n{participation}");
    assert!(participation.contains("classe_taille,10k_25k,10 000 – 24 999,14,11,"), "{participation}");
    let answers = std::fs::read_to_string(dir.join("reponses.csv")).expect("reponses.csv");
    assert!(!answers.contains("contact_") && answers.lines().count() == 1 + 37, "complete answers, no contact");
    // 6 and 9 respondents are under 10: those classes merge with a neighbour, and say so.
    let weighted = resources.iter().find(|r| r["name"] == "estimations_ponderees").expect("the estimates");
    let description = weighted["description"].as_str().expect("described");
    assert!(description.contains("< 10 000 + 10 000 – 24 999 (24 cibles, 17 répondants"), "{description}");
    assert!(description.contains("25 000 – 89 999 + ≥ 90 000 (29 cibles, 20 répondants"), "{description}");
    assert!(description.contains("fusionnées avec une voisine : lt10k, ge90k"), "{description}");
}

pub fn a_lead_template_is_used_and_refusals_write_nothing(db: &Db) {
    db.load_seed_wave();
    let own = db.write("modele.html", "<h1>{{ wave.name }}</h1>{{ summary.participation }}");
    db.ok(&["report", "--campaign", "npdc-2014", "--format", "html", "--template", &own, "-o", "own.html"]);
    let html = std::fs::read_to_string(db.path("own.html")).expect("own.html");
    assert_eq!(html, "<h1>npdc-2014</h1>37 sur 53 (70 %)");

    let broken = db.write("casse.html", "<h1>\n{{ wave.nom }}</h1>");
    let error =
        db.fails(&["report", "--campaign", "npdc-2014", "--format", "html", "--template", &broken, "-o", "r.html"]);
    assert!(error.contains("casse.html") && error.contains(":2)"), "{error}");
    let broken = db.write("casse.typ", "#let data = json(\"data.json\")\n#data.wave.nom");
    let error =
        db.fails(&["report", "--campaign", "npdc-2014", "--format", "pdf", "--template", &broken, "-o", "r.pdf"]);
    assert!(error.contains("casse.typ") && error.contains("report.typ:2:"), "{error}");
    let error = db.fails(&["report", "--campaign", "nope", "--format", "html", "-o", "r.html"]);
    assert!(error.contains("nope"), "{error}");
    let error =
        db.fails(&["report", "--campaign", "npdc-2014", "--format", "xlsx", "--template", &own, "-o", "r.xlsx"]);
    assert!(error.contains("--template"), "{error}");
    for file in ["r.html", "r.pdf", "r.xlsx"] {
        assert!(!db.path(file).exists(), "{file} written on failure");
    }
    let error = db.fails(&["opendata", "--campaign", "nope", "-o", "od"]);
    assert!(error.contains("nope") && !db.path("od").exists(), "{error}");
}

/// What minijinja prints for a text: the report's HTML escaping.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

pub fn the_seed_report_holds_the_qualitative_material(db: &Db) {
    db.load_seed_wave();
    let report = |format: &str, file: &str| {
        db.ok(&["report", "--campaign", "npdc-2014", "--format", format, "-o", file]);
        db.path(file)
    };
    let html = std::fs::read_to_string(report("html", "sans-acteurs.html")).expect("html");
    assert!(html.contains("Aucun acteur rencontré n'a été enregistré"), "no example annex invented");
    assert!(html.contains("<h2>9. Benchmark des structures de mutualisation</h2>"), "after the opportunities");

    db.ok(&["actors", "import", "--example"]);
    let named = db.write(
        "nomme.csv",
        "key,organisation,in_territory,body_type,name,role,email\n\
         cdc-9,Caisse des dépôts,non,etablissement_public,Jeanne Dupuis-Lenoir,Directrice,jeanne.dupuis@example.org\n",
    );
    db.ok(&["actors", "import", &named]);
    let interviews = db.write(
        "entretiens.csv",
        "code,organisation,date,duration_minutes,participants,notes\n\
         E01,Conseil régional,2014-09-10,90,region-1;region-2,Notes privées de l'équipe\n",
    );
    db.ok(&["interviews", "import", &interviews]);
    let sheet = db.ok(&["verbatims", "code", "--campaign", "npdc-2014"]);
    let mut lines = sheet.lines();
    let header = lines.next().expect("header");
    let first = lines.next().expect("one free text at least");
    let respondent = first.split(',').nth(2).expect("respondent");
    let coded = format!(
        "{header}\n{first}strategie;besoins_accompagnement\n\
         entretien,E01,,,« Il faut un plan régional d'ensemble. »,strategie;gouvernance\n"
    );
    db.ok(&["verbatims", "import", "--campaign", "npdc-2014", &db.write("codes.csv", &coded)]);

    let html = std::fs::read_to_string(report("html", "rapport.html")).expect("html");
    let structures = db.json(&["structures", "list", "--format", "json"]);
    let names: Vec<&str> = structures.as_array().expect("list").iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names.len(), 6);
    for name in names {
        assert!(html.contains(&format!("<th scope=\"col\">{}</th>", escaped(name))), "{name} not compared");
    }
    for heading in ["Menaces", "Opportunités", "Forces", "Faiblesses"] {
        assert_eq!(html.matches(&format!("<h4>{heading}</h4>")).count(), 6, "{heading}");
    }
    let strategy = html.find("<h4>Stratégie</h4>").expect("the Stratégie theme");
    let theme = &html[strategy..strategy + 1 + html[strategy + 1..].find("<h4>").expect("next theme")];
    assert!(theme.contains("« « Il faut un plan régional d&#x27;ensemble. » »"), "{theme}");
    assert!(theme.contains("— Région, entretien") && theme.contains(", questionnaire</footer>"), "{theme}");
    assert!(html.contains("18 acteurs du territoire rencontrés et 36 personnes interrogées."));
    assert!(html.contains("9 acteurs hors du territoire rencontrés et 13 personnes interrogées."));
    for absent in ["@example.org", "Jeanne", "Dupuis-Lenoir", "Notes privées", "E01"] {
        assert!(!html.contains(absent), "{absent} in the report");
    }
    // The participation map names every target by its code; the quotes never do.
    let quotes = &html[html.find("id=\"section-freins\"").expect("section-freins")..];
    assert!(!quotes.contains(respondent), "{respondent} beside a quote");

    let mut book: Xlsx<_> = open_workbook(report("xlsx", "rapport.xlsx")).expect("xlsx");
    let sheets = book.sheet_names();
    for name in ["Verbatims par thème", "Benchmark", "Acteurs rencontrés"] {
        assert!(sheets.iter().any(|s| s == name), "{name} missing in {sheets:?}");
    }
    let mut cells = String::new();
    for name in ["Verbatims par thème", "Benchmark", "Acteurs rencontrés"] {
        for row in book.worksheet_range(name).expect("sheet").rows() {
            cells.extend(row.iter().map(|c| format!("{c}\t")));
        }
    }
    assert!(cells.contains("Il faut un plan régional") && cells.contains("GIP e-Bourgogne"), "{cells}");
    for absent in ["@example.org", "Jeanne", "Notes privées", "E01", respondent] {
        assert!(!cells.contains(absent), "{absent} in the workbook");
    }
}

/// The report the web sends from the analysis page is the one `mutu report` writes, byte for
/// byte but for the moment it was made: both doors call the same use case.
pub fn the_web_download_is_the_cli_report(db: &Db) {
    use super::http::{exchange_whole, free_port, login, wait_until_up};
    db.load_seed_wave();
    db.ok(&["report", "--campaign", "npdc-2014", "--format", "html", "-o", "rapport.html"]);
    let written = std::fs::read_to_string(db.path("rapport.html")).expect("rapport.html");
    let added = db.ok(&["user", "add", "lead@example.org", "--role", "lead"]);
    let password = added.rsplit("Mot de passe : ").next().expect("a drawn password").trim().to_owned();
    let port = free_port();
    let mut server = db.spawn(&["serve", "--bind", &format!("127.0.0.1:{port}")]);
    wait_until_up(port);
    let cookie = login(port, "lead@example.org", &password);
    let request = format!(
        // HTTP/1.0: the body comes whole, not in chunks.
        "GET /vagues/npdc-2014/analyse/rapport.html HTTP/1.0\r\nHost: x\r\nCookie: {cookie}\r\n\r\n"
    );
    let (status, head, downloaded) = exchange_whole(port, &request).expect("download");
    server.kill().expect("stop the server");
    let _ = server.wait();
    assert_eq!(status, 200, "{head}");
    // The moment of the report is the only difference: the lines that state it are left out.
    let timeless = |html: &str| -> Vec<String> {
        html.lines().filter(|l| !l.contains("Rapport produit")).map(str::to_owned).collect()
    };
    let (cli, web) = (timeless(&written), timeless(&downloaded));
    assert_eq!(cli.len(), web.len(), "as many lines");
    if let Some((i, (a, b))) = cli.iter().zip(&web).enumerate().find(|(_, (a, b))| a != b) {
        panic!("line {} differs:\n  cli: {a}\n  web: {b}", i + 1);
    }
    assert!(written.contains("<h2>4. Opportunités de mutualisation</h2>"));
}
