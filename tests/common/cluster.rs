//! Throwaway PostgreSQL clusters for tests that stop, restart or replicate a server:
//! `initdb` in a temporary directory, on a loopback port, removed on drop. Needs
//! PostgreSQL's server binaries (`pg_config --bindir`, or /usr/lib/postgresql/*/bin).

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bin_dir() -> Option<PathBuf> {
    let from_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let candidates = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"));
    from_config
        .into_iter()
        .chain(candidates)
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_basebackup").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command running `program` as the `postgres` user when we are root (PostgreSQL and
/// PgBouncer refuse to run as root).
pub fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// Hands `dir` (recursively) to the `postgres` user when we are root.
pub fn give_to_postgres(dir: &Path) {
    if is_root() {
        assert!(
            Command::new("chown")
                .args(["-R", "postgres:postgres", dir.to_str().unwrap()])
                .status()
                .unwrap()
                .success()
        );
    }
}

/// Runs a PostgreSQL binary from `bin` as the `postgres` user, and requires success.
pub fn pg(bin: &Path, program: &str, args: &[&str]) {
    let output = as_postgres(&bin.join(program)).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Two clusters in a directory of their own: stopped and removed on drop.
pub struct Clusters {
    pub bin: PathBuf,
    pub dir: PathBuf,
}

impl Drop for Clusters {
    fn drop(&mut self) {
        // Every cluster still running, replicas before the primaries they follow.
        let mut running: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|data| data.join("postmaster.pid").exists())
            .collect();
        running.sort_by_key(|data| !data.join("standby.signal").exists());
        for data in running {
            let _ = as_postgres(&self.bin.join("pg_ctl"))
                .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn start_cluster(clusters: &Clusters, name: &str, port: u16) {
    let data = clusters.dir.join(name);
    let conf = format!(
        "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
         fsync = off\n",
        clusters.dir.display()
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .unwrap();
    std::io::Write::write_all(&mut file, conf.as_bytes()).unwrap();
    let log = clusters.dir.join(format!("{name}.log"));
    pg(
        &clusters.bin,
        "pg_ctl",
        &[
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-w",
            "start",
        ],
    );
}

impl Clusters {
    /// A directory for clusters, or None (with a note) without PostgreSQL's binaries;
    /// under CI their absence is a failure.
    pub fn new(purpose: &str) -> Option<Clusters> {
        let Some(bin) = bin_dir() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL's server binaries are needed under CI"
            );
            eprintln!("skipped: no PostgreSQL server binaries (initdb, pg_basebackup)");
            return None;
        };
        let dir =
            std::env::temp_dir().join(format!("inventree-mcp-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        give_to_postgres(&dir);
        Some(Clusters { bin, dir })
    }

    /// `initdb` and start the cluster `name` on `port`.
    pub fn create(&self, name: &str, port: u16) {
        let data = self.dir.join(name);
        pg(
            &self.bin,
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
            ],
        );
        start_cluster(self, name, port);
    }

    /// `pg_ctl` on the cluster `name`: "stop", "start", "restart".
    pub fn ctl(&self, name: &str, action: &str) {
        let data = self.dir.join(name);
        let log = self.dir.join(format!("{name}.log"));
        let mut args = vec![
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-w",
        ];
        if action != "start" {
            args.extend(["-m", "fast"]);
        }
        args.push(action);
        pg(&self.bin, "pg_ctl", &args);
    }
}
