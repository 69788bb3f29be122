#![recursion_limit = "512"]
//! The `jornada` binary: reads the configuration, opens the database, assembles the router
//! and serves until SIGINT or SIGTERM.

use clap::Parser;
use server::config::Config;
use server::router;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    init_tracing(&config);
    if let Some(command) = config.command.clone() {
        return server::commands::run(command, &config).await;
    }
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("jornada: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr: stdout is what a command answers (`check`'s TSV, `--version`).
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(config: Config) -> Result<(), String> {
    let credentials = match (&config.db_user, &config.db_pass) {
        (Some(u), Some(p)) => Some(app::server::store::Credentials { username: u.clone(), password: p.clone() }),
        _ => None,
    };
    tracing::info!(db = %config.db, "opening the database");
    let store = app::server::store::Store::open(&config.db, credentials).await.map_err(|e| {
        let hint = if config.db.starts_with("surrealkv://") && e.to_string().to_lowercase().contains("lock") {
            " (is another jornada using this data directory?)"
        } else {
            ""
        };
        format!("{e}{hint}")
    })?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if let Some(at) = config.metrics_bind {
        let metrics = tokio::net::TcpListener::bind(at).await.map_err(|e| format!("cannot listen on {at}: {e}"))?;
        tracing::info!("metrics at http://{at}/metrics");
        tokio::spawn(server::serve::serve(metrics, router::metrics_only(), std::future::pending()));
    }
    let app = router::build(&config, store.clone(), addr);
    tracing::info!("Jornada is listening on http://{addr}");
    // Backups, checks and exports of this running server's database (see commands::admin).
    let admin = server::commands::admin::listen(&config.db, store.clone())?;
    let backups = server::commands::schedule::start(&config.backups, &config.db, store.clone())?;
    let purge = store.clone();
    let purging = tokio::spawn(async move {
        // Expired sessions, invites and share links are refused on use; this tidies them.
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = purge.purge_expired().await {
                tracing::warn!(error = %e, "purging expired sessions failed");
            }
            // Customer answers past their workspace's retention (LGPD / GDPR / 152-FZ).
            if let Err(e) = app::server::feedback::purge_expired(&purge).await {
                tracing::warn!(error = ?e, "purging old feedback failed");
            }
            // Maps whose 30 days in the Trash are over.
            if let Err(e) = app::server::maps::purge_trash(&purge).await {
                tracing::warn!(error = ?e, "emptying the Trash failed");
            }
        }
    });
    server::serve::serve(listener, app, shutdown_signal()).await;
    tracing::info!("in-flight requests finished; closing the database");
    purging.abort();
    let _ = purging.await;
    if let Some(task) = backups {
        task.abort();
        let _ = task.await;
    }
    drop(admin);
    drop(store);
    Ok(())
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
