use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use inventree_mcp::config::Config;
use inventree_mcp::http::{self, PLUGIN_PATH};
use inventree_mcp::state::{AppState, SchemaVerdict};
use inventree_mcp::{check, db, demo, generate, stdio};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

/// An MCP server for InvenTree that answers from InvenTree's PostgreSQL database.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// TOML configuration file (default: inventree-mcp.toml, if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve InvenTree's database (the default).
    Serve,
    /// Serve InvenTree's database over standard input and output, to one local MCP client,
    /// as the InvenTree user whose API token is in INVENTREE_MCP_TOKEN. Logs go to standard
    /// error.
    Stdio,
    /// Create the demo database `inventree_mcp_demo` (schema and a small inventory) on the
    /// configured PostgreSQL server, then serve it.
    Demo,
    /// Create a large generated inventory for benchmarks (on top of the demo inventory) in
    /// its own database on the configured PostgreSQL server.
    Generate {
        /// The database to (re-)create (default: inventree_mcp_large, or inventree_mcp_skewed
        /// for the skewed profile).
        #[arg(long)]
        database: Option<String>,
        /// How parts spread over categories and stock items over locations.
        #[arg(long, value_enum, default_value_t = generate::Profile::Even)]
        profile: generate::Profile,
        /// Parts to generate (a multiple of 10).
        #[arg(long, default_value_t = 100_000)]
        parts: u32,
        /// Stock items to generate.
        #[arg(long, default_value_t = 1_000_000)]
        stock_items: u32,
    },
    /// Compare the database's tables and columns with the schema this server was written
    /// for; print one line per mismatch and exit non-zero when there is any.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("inventree-mcp: {error}");
            return ExitCode::FAILURE;
        }
    };
    // One line per tool call. The MCP library's own per-request lines (a session started and
    // finished for each stateless request) only at `RUST_LOG=rmcp=info`.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,rmcp=warn".into());
    // Over stdio, standard output belongs to JSON-RPC.
    let stdio = matches!(cli.command, Some(Command::Stdio));
    let (writer, terminal) = if stdio {
        (
            BoxMakeWriter::new(std::io::stderr),
            std::io::IsTerminal::is_terminal(&std::io::stderr()),
        )
    } else {
        (
            BoxMakeWriter::new(std::io::stdout),
            std::io::IsTerminal::is_terminal(&std::io::stdout()),
        )
    };
    if config.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(writer)
            .init();
    } else {
        // Colours only for a person at a terminal: a log collector gets plain lines.
        tracing_subscriber::fmt()
            .with_ansi(terminal)
            .with_env_filter(filter)
            .with_writer(writer)
            .init();
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let listeners = http::Listeners::bind(config.listen).await?;
                serve(config, listeners).await
            }
            Command::Stdio => serve_stdio(config).await,
            Command::Demo => {
                // The port first: when it is taken, the demo database is left as it was.
                let listeners = http::Listeners::bind(config.listen).await?;
                config.database_url =
                    demo::create(&config.database_url, demo::DEMO_DATABASE).await?;
                let url = format!("http://{}{PLUGIN_PATH}/", listeners.addresses()[0]);
                println!("Demo database {} is ready.", demo::DEMO_DATABASE);
                println!("MCP endpoint: {url}");
                println!("API token:    {}", demo::DEMO_TOKEN);
                println!(
                    "Claude Code:  claude mcp add --transport http inventree --header \"Authorization: Token {}\" {url}",
                    demo::DEMO_TOKEN
                );
                println!("Users and their API tokens:");
                for (user, access, token) in demo::USERS {
                    println!("  {user:<10} {token}  {access}");
                }
                serve(config, listeners).await
            }
            Command::Generate {
                database,
                profile,
                parts,
                stock_items,
            } => {
                let database = database.unwrap_or_else(|| profile.database().into());
                let url = generate::create(
                    &config.database_url,
                    &database,
                    parts,
                    stock_items,
                    profile,
                )
                .await?;
                println!("Generated {parts} parts and {stock_items} stock items in {url}");
                Ok(())
            }
            Command::Check => check(&config).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("inventree-mcp: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Serves `config`'s database over HTTP, after checking its schema. An unreachable database
/// is no reason to stop: `/readyz` reports it until it answers.
async fn serve(config: Config, listeners: http::Listeners) -> anyhow::Result<()> {
    let state = open(config)?;
    if let Err(error) = check_schema(&state).await? {
        tracing::warn!(%error, "database unreachable; /readyz reports it until it answers")
    }
    http::serve(listeners, state).await
}

/// Serves `config`'s database over stdio, after checking its schema. Nothing would report an
/// unreachable database to the client, so it stops the start.
async fn serve_stdio(config: Config) -> anyhow::Result<()> {
    // Before anything else: without it there is nothing to serve.
    let token = stdio::token(std::env::var_os(stdio::TOKEN_VARIABLE))?;
    let state = open(config)?;
    if let Err(error) = check_schema(&state).await? {
        anyhow::bail!("the database is unreachable: {error}");
    }
    stdio::serve(state, token).await
}

fn open(config: Config) -> anyhow::Result<Arc<AppState>> {
    let pool = db::read_pool(&config)?;
    Ok(Arc::new(AppState::new(config, pool)?))
}

/// An error when the database's schema differs from ours; the inner error when the database
/// could not be reached to tell.
async fn check_schema(state: &AppState) -> anyhow::Result<Result<(), sqlx::Error>> {
    match state.schema().await {
        Ok(SchemaVerdict::Compatible { version }) => {
            tracing::info!(version = version.as_str(), "schema compatible");
            Ok(Ok(()))
        }
        Ok(SchemaVerdict::Differs { mismatches }) => anyhow::bail!(
            "the database's schema differs from the one this server was written for \
             (set schema_check = false to serve anyway):\n{}",
            mismatches.join("\n")
        ),
        Err(error) => Ok(Err(error)),
    }
}

/// `inventree-mcp check`: one line per mismatch, and a warning when a read-only server's
/// role could write.
async fn check(config: &Config) -> anyhow::Result<()> {
    let pool = db::read_pool(config)?;
    let report = check::run(&pool).await?;
    println!("database: {}", report.version);
    for note in &report.notes {
        println!("note: {note}");
    }
    for mismatch in &report.mismatches {
        println!("mismatch: {mismatch}");
    }
    if config.read_only {
        let writable = check::writable_tables(&pool).await?;
        if !writable.is_empty() {
            println!(
                "warning: read_only = true, but this role can write to {} of InvenTree's \
                 tables ({}); grant it SELECT only",
                writable.len(),
                writable.join(", ")
            );
        }
    }
    anyhow::ensure!(
        report.compatible(),
        "{} mismatches with the schema this server was written for",
        report.mismatches.len()
    );
    println!("compatible");
    Ok(())
}
