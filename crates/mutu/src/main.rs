//! `mutu`: the command line of the observatory. Each subcommand opens the database named by
//! `--db`, does one job through the library crates, and prints one clear line on failure.

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: loading a national wave makes millions of small
/// allocations, and callgrind put a third of `mutu analyse` in glibc's malloc and free
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("MUTU_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mutu : impossible de démarrer : {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mutu : {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // The demo brings its own database; every other command opens the one of --db.
    let command = match cli.command {
        Command::Demo(args) => return commands::demo::run(args).await,
        Command::Structures(cmd) => return commands::structures::run(cmd),
        other => other,
    };
    let store = mutu_storage::Store::open(&cli.db).await?;
    let result = match command {
        Command::Territory(cmd) => commands::territory::run(&store, cmd).await,
        Command::Campaign(cmd) => commands::campaign::run(&store, cmd).await,
        Command::Responses(cmd) => commands::responses::run(&store, cmd).await,
        Command::Contacts(cmd) => commands::contacts::run(&store, cmd).await,
        Command::Mail(cmd) => commands::mail::run(&store, cmd).await,
        Command::Worker(args) => commands::worker::run(&store, args).await,
        Command::Analyse(args) => commands::analyse::run(&store, args).await,
        Command::Opportunities(args) => commands::opportunities::run(&store, args).await,
        Command::Groups(cmd) => commands::groups::run(&store, cmd).await,
        Command::Offers(cmd) => commands::offers::run(&store, cmd).await,
        Command::Synth(args) => commands::synth::run(&store, args).await,
        Command::Report(args) => commands::report::run(&store, args).await,
        Command::Opendata(args) => commands::opendata::run(&store, args).await,
        Command::Serve(args) => commands::serve::run(&store, args).await,
        Command::User(cmd) => commands::user::run(&store, cmd).await,
        Command::Actors(cmd) => commands::qualitative::actors(&store, cmd).await,
        Command::Interviews(cmd) => commands::qualitative::interviews(&store, cmd).await,
        Command::Verbatims(cmd) => commands::qualitative::verbatims(&store, cmd).await,
        Command::People(cmd) => commands::people::run(&store, cmd).await,
        Command::Backup(args) => commands::backup::backup(&store, args).await,
        Command::Restore(args) => commands::backup::restore(&store, &cli.db, args).await,
        Command::Demo(_) | Command::Structures(_) => unreachable!("handled above"),
    };
    store.close().await;
    result
}
