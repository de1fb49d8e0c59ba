//! The use cases end to end over a real database, SQLite and PostgreSQL in the same run:
//! the mail worker against a real SMTP server on loopback.

mod db;
mod worker;

/// One `#[tokio::test]` per scenario and engine; a scenario takes the store (`store`) or the
/// whole test database (`db`, to open a second store on it).
macro_rules! scenarios {
    ($($arg:ident => $name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::db::TestDb::sqlite().await?;
                scenarios!(@call $arg, db, super::worker::$name)
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::db::TestDb::postgres().await?;
                scenarios!(@call $arg, db, super::worker::$name)
            })*
        }
    };
    (@call store, $db:ident, $f:path) => { $f(&$db.store).await };
    (@call db, $db:ident, $f:path) => { $f(&$db).await };
}

scenarios!(
    store => two_thousand_invitations_are_delivered_once,
    store => a_refused_address_fails_alone_and_is_retried_on_demand,
    store => a_relay_down_is_tried_again_later,
    db => two_workers_never_send_one_mail_twice,
    store => the_pace_is_held,
    store => a_mail_caught_in_flight_is_sent_again_unchanged,
    store => scheduled_reminders_go_out_on_their_day,
);
