//! Mail from the command line: contacts imported by the page's rules, invitations and
//! reminders queued with what will happen said, the outbox's status as JSON, reminder days;
//! and `mutu worker` killed with SIGKILL in the middle of a few thousand invitations, then
//! started again: every recipient gets the mail, and only the mails caught in flight arrive
//! twice, with the same `Message-ID`, counted as resent.

use crate::harness::Db;
use crate::http::free_port;
use crate::kill::sqlite_integrity;
use mutu_smtp_sink::Sink;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Communes of the generated territory, one target each.
const COMMUNES: usize = 3_000;
const WAVE: &str = "courrier";

/// A territory CSV of `COMMUNES` communes over four départements of the région 32.
fn territory_csv() -> String {
    let mut csv = String::from("kind,code,name,region,departement,epci,population\nregion,32,Hauts-de-France,,,,\n");
    let deps = ["02", "59", "60", "62"];
    for dep in deps {
        csv.push_str(&format!("departement,{dep},Département {dep},32,,,\n"));
    }
    for i in 0..COMMUNES {
        let dep = deps[i % deps.len()];
        csv.push_str(&format!("commune,{dep}{:03},Commune {i},32,{dep},,{}\n", i / deps.len() + 1, 500 + i));
    }
    csv
}

/// `respondent,email,name` for every target of the wave.
fn contacts_csv(db: &Db) -> String {
    let summary = db.json(&["campaign", "list", "--format", "json"]);
    assert_eq!(summary[0]["targets"], COMMUNES, "{summary}");
    let deps = ["02", "59", "60", "62"];
    let mut csv = String::from("respondent,email,name\n");
    for i in 0..COMMUNES {
        let code = format!("{}{:03}", deps[i % deps.len()], i / deps.len() + 1);
        csv.push_str(&format!("{code},mairie-{code}@commune.test,Secrétariat\n"));
    }
    csv
}

/// `mutu mail status` as numbers.
fn status(db: &Db) -> BTreeMap<String, u64> {
    let json = db.json(&["mail", "status", "--campaign", WAVE, "--format", "json"]);
    json.as_object().expect("an object").iter().map(|(k, v)| (k.clone(), v.as_u64().expect("a count"))).collect()
}

fn wait_for(what: &str, budget: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < budget, "{what}: not within {budget:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The worker, killed with SIGKILL once a third of the mail has arrived, then started again.
pub fn a_killed_worker_loses_no_mail_and_resends_only_what_was_in_flight(db: &Db) {
    let territory = db.write("territoire.csv", &territory_csv());
    db.ok(&["territory", "import", &territory]);
    db.ok(&["campaign", "create", WAVE, "--targets", "commune"]);
    let contacts = db.write("contacts.csv", &contacts_csv(db));
    db.ok(&["contacts", "import", "--campaign", WAVE, &contacts]);
    db.ok(&["campaign", "open", WAVE]);
    let start = Instant::now();
    let queued = db.ok(&["mail", "invitations", "--campaign", WAVE]);
    let queuing = start.elapsed();
    assert_eq!(queued.trim(), format!("{COMMUNES} invitations mises en file pour la vague {WAVE}."));
    let (sink, port) = Sink::start();
    let port = port.to_string();
    let worker = || {
        db.spawn(&[
            "worker",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            &port,
            "--mail-rate",
            "100000",
            "--lease",
            "2",
            "--public-url",
            "http://mutu.test",
        ])
    };
    let start = Instant::now();
    let mut first = worker();
    // Not a multiple of the worker's batch (100): the kill falls in the middle of one.
    wait_for("a third of the mail", Duration::from_secs(120), || sink.count() >= COMMUNES / 3 + 37);
    first.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    first.wait().expect("reaped");
    let before = sink.count();
    let sqlite_file = db.path("mutu.db");
    if sqlite_file.exists() {
        assert_eq!(sqlite_integrity(&sqlite_file), "ok");
    }
    let after_kill = status(db);
    assert!(after_kill["queued"] > 0 && after_kill["sent"] < COMMUNES as u64, "{after_kill:?}");
    let mut second = worker();
    wait_for("every mail", Duration::from_secs(300), || status(db)["queued"] == 0);
    let seconds = start.elapsed().as_secs_f64();
    second.kill().expect("stop");
    second.wait().expect("reaped");

    let end = status(db);
    assert_eq!((end["sent"], end["failed"]), (COMMUNES as u64, 0), "{end:?}");
    let received = sink.received();
    let copies = sink.copies();
    assert_eq!(copies.len(), COMMUNES, "every mail arrived, one Message-ID each");
    let twice: Vec<&String> = copies.iter().filter(|(_, n)| **n > 1).map(|(id, _)| id).collect();
    assert!(copies.values().all(|n| *n <= 2), "a mail arrived more than twice");
    // At most one mail in flight per connection of the worker (4), each counted as resent.
    assert!(end["resent"] <= 4 && twice.len() as u64 <= end["resent"], "{end:?}, {} copies", twice.len());
    for id in &twice {
        let same: Vec<_> = received.iter().filter(|m| &&m.message_id() == id).collect();
        assert_eq!(same[0].body(), same[1].body(), "the copy is the same mail, same link");
        assert_eq!(same[0].to, same[1].to);
    }
    let recipients: std::collections::BTreeSet<String> = received.iter().map(|m| m.to.join(",")).collect();
    assert_eq!(recipients.len(), COMMUNES, "every recipient got the mail");
    println!(
        "mail kill test: {COMMUNES} invitations queued in {:.2} s; {before} received before SIGKILL; {} caught in \
         flight and sent again (resent), {} arrived twice with the same Message-ID; all delivered in {seconds:.1} s \
         ({:.0} mails/s with the restart and the 2 s lease)",
        queuing.as_secs_f64(),
        end["resent"],
        twice.len(),
        COMMUNES as f64 / seconds,
    );
}

/// The queuing commands print how many and say what will happen; the status is JSON;
/// `mutu serve --smtp-host` sends the queue.
pub fn mail_commands_queue_and_say_what_will_happen(db: &Db) {
    db.load_seed_wave();
    let code = "npdc-2014";
    let bad = db.write("contacts-faux.csv", "respondent,email\n245900410,dgs@lille.fr\n999,x@y.fr\n");
    let refused = db.fails(&["contacts", "import", "--campaign", code, &bad]);
    assert_eq!(refused, "mutu : contacts-faux.csv, ligne 3 : « 999 » n'est pas une cible de la vague");
    let good =
        db.write("contacts.csv", "respondent;email;name\n245900410;dgs@lille.fr;Anne\n246200364;tic@arras.fr;\n");
    assert_eq!(
        db.ok(&["contacts", "import", "--campaign", code, &good]).trim(),
        "2 contacts importés pour la vague npdc-2014."
    );

    let out = db.run(&["mail", "invitations", "--campaign", code]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2 invitations mises en file pour la vague npdc-2014.");
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("la vague est en préparation : ces liens fonctionneront dès son ouverture"), "{warning}");
    let again = db.ok(&["mail", "invitations", "--campaign", code, "--only-missing"]);
    assert!(again.contains("0 invitation mise en file") && again.contains("2 destinataires en avaient déjà une"));
    let json = db.ok(&["mail", "status", "--campaign", code, "--format", "json"]);
    assert_eq!(json.trim(), r#"{"queued":2,"sent":0,"failed":0,"resent":0}"#);
    let reminders = db.ok(&["mail", "reminders", "--campaign", code, "--size-class", "ge90k", "--departement", "59"]);
    assert!(reminders.starts_with("0 relance mise en file") || reminders.starts_with("1 relance mise"), "{reminders}");

    let days = db.ok(&["mail", "schedule", "--campaign", code, "2014-09-15", "2014-09-22"]);
    assert_eq!(days, "2014-09-15 : à venir\n2014-09-22 : à venir\n");
    assert_eq!(db.ok(&["mail", "schedule", "--campaign", code, "--remove", "2014-09-22"]), "2014-09-15 : à venir\n");
    let bad_day = db.fails(&["mail", "schedule", "--campaign", code, "15/09/2014"]);
    assert!(bad_day.contains("« 15/09/2014 » : attendu AAAA-MM-JJ"), "{bad_day}");

    // `mutu serve` with a relay sends what was queued, beside the web.
    let (sink, smtp_port) = Sink::start();
    let bind = format!("127.0.0.1:{}", free_port());
    let smtp_port = smtp_port.to_string();
    let mut server = db.spawn(&["serve", "--bind", &bind, "--smtp-host", "127.0.0.1", "--smtp-port", &smtp_port]);
    let sent = r#"{"queued":0,"sent":2,"failed":0,"resent":0}"#;
    wait_for("the two invitations", Duration::from_secs(60), || {
        db.ok(&["mail", "status", "--campaign", code, "--format", "json"]).trim() == sent
    });
    server.kill().expect("stop");
    server.wait().expect("reaped");
    assert_eq!(sink.count(), 2);

    db.ok(&["campaign", "close", code]);
    let closed = db.fails(&["mail", "invitations", "--campaign", code]);
    assert_eq!(closed, "mutu : la vague npdc-2014 est close : rouvrez-la avant d'écrire aux répondants");
}
