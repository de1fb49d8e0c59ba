//! The use cases end to end over a real database, SQLite and PostgreSQL in the same run:
//! the mail worker against a real SMTP server on loopback, and the invitations to a working
//! group sent through it.

mod db;
mod group_mail;
mod worker;

/// One `#[tokio::test]` per scenario and engine; a scenario takes the store (`store`) or the
/// whole test database (`db`, to open a second store on it).
macro_rules! scenarios {
    ($($arg:ident => $module:ident::$name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::db::TestDb::sqlite().await?;
                scenarios!(@call $arg, db, super::$module::$name)
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() -> anyhow::Result<()> {
                let db = super::db::TestDb::postgres().await?;
                scenarios!(@call $arg, db, super::$module::$name)
            })*
        }
    };
    (@call store, $db:ident, $f:path) => { $f(&$db.store).await };
    (@call db, $db:ident, $f:path) => { $f(&$db).await };
}

scenarios!(
    store => worker::two_thousand_invitations_are_delivered_once,
    store => worker::a_refused_address_fails_alone_and_is_retried_on_demand,
    store => worker::a_relay_down_is_tried_again_later,
    db => worker::two_workers_never_send_one_mail_twice,
    store => worker::the_pace_is_held,
    store => worker::a_mail_caught_in_flight_is_sent_again_unchanged,
    store => worker::scheduled_reminders_go_out_on_their_day,
    store => group_mail::a_group_invitation_reaches_its_members_and_leaves_their_links,
);
