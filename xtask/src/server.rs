//! A judge's server process (Prism, or the express-openapi-validator judge): started on a
//! free port of 127.0.0.1 with its output in a log file, waited for until it says it listens,
//! and killed when dropped.

use std::fs::File;
use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to say that it listens: small documents take about 1 s in
/// Prism, the largest it loads (Discord, 242 operations) about 16 s on this machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How often `Server::start` looks at the log and the port while waiting.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// How many ports `Server::start` tries when another process takes the free port it picked
/// before the server binds it.
const PORT_ATTEMPTS: usize = 3;

/// How many lines of the log an error shows.
const LOG_TAIL_LINES: usize = 40;

/// How to start one kind of server.
pub struct Launch<'a> {
    /// The command that serves on the port it is given, with its arguments.
    pub command: &'a dyn Fn(u16) -> Command,
    /// The line the server logs once it listens on the port it is given.
    pub ready_line: &'a dyn Fn(u16) -> String,
}

/// A running server process listening on 127.0.0.1 at a port that was free; dropping it kills
/// the process.
pub struct Server {
    /// The process: a single `node` process for both judges, which fork nothing.
    pub(crate) child: Child,
    /// The port it listens on.
    port: u16,
}

impl Server {
    /// Starts the server of `launch` with its output in the file `log` (created, with its
    /// folder, or truncated), and waits until it listens. Fails with the end of the log when
    /// the process exits or has not started within 60 s.
    pub fn start(launch: &Launch<'_>, log: &Path) -> Result<Server, String> {
        if let Some(folder) = log.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        }
        let mut attempt = 1;
        loop {
            match Self::start_on_free_port(launch, log) {
                Err(Start::PortTaken(message)) if attempt < PORT_ATTEMPTS => {
                    println!("{message}; trying another port");
                    attempt += 1;
                }
                Err(Start::PortTaken(message) | Start::Failed(message)) => return Err(message),
                Ok(server) => return Ok(server),
            }
        }
    }

    /// One attempt of `start` on a port that was free a moment ago.
    fn start_on_free_port(launch: &Launch<'_>, log: &Path) -> Result<Server, Start> {
        let port = free_port().map_err(Start::Failed)?;
        let stdout = File::create(log)
            .map_err(|e| Start::Failed(format!("cannot create {}: {e}", log.display())))?;
        let stderr = stdout.try_clone().map_err(|e| {
            Start::Failed(format!("cannot share {} with stderr: {e}", log.display()))
        })?;
        let mut command = (launch.command)(port);
        command.stdin(Stdio::null()).stdout(stdout).stderr(stderr);
        let shown = format!("{command:?}");
        let child =
            command.spawn().map_err(|e| Start::Failed(format!("cannot run {shown}: {e}")))?;
        // From here on the process is killed on every error path by `Server`'s `Drop`.
        let mut server = Server { child, port };
        let ready_line = (launch.ready_line)(port);
        let started = Instant::now();
        loop {
            match server.child.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) => {
                    let tail = log_tail(log);
                    let message = format!(
                        "{shown} exited ({status}) before listening; end of {}:\n{tail}",
                        log.display()
                    );
                    return Err(if tail.contains("EADDRINUSE") {
                        Start::PortTaken(message)
                    } else {
                        Start::Failed(message)
                    });
                }
                Err(e) => return Err(Start::Failed(format!("cannot check on {shown}: {e}"))),
            }
            let logged = std::fs::read_to_string(log).is_ok_and(|text| text.contains(&ready_line));
            if logged && port_accepts(port) {
                return Ok(server);
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Start::Failed(format!(
                    "{shown} did not listen within {} s; end of {}:\n{}",
                    START_TIMEOUT.as_secs(),
                    log.display(),
                    log_tail(log)
                )));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// The port the server listens on, at 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Server {
    /// Kills the process and reaps it.
    fn drop(&mut self) {
        // Errors mean the process has already exited (and `wait` then reaps it).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why one attempt of `Server::start` failed.
enum Start {
    /// The server could not bind the port: another process took it after `free_port` let it
    /// go.
    PortTaken(String),
    /// Anything else.
    Failed(String),
}

/// A port of 127.0.0.1 that nothing listens on: bound with port 0, read, and released.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the port bound on 127.0.0.1: {e}"))?
        .port();
    drop(listener);
    Ok(port)
}

/// Whether a TCP connection to 127.0.0.1:`port` succeeds.
fn port_accepts(port: u16) -> bool {
    TcpStream::connect_timeout(
        &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Duration::from_millis(500),
    )
    .is_ok()
}

/// The last `LOG_TAIL_LINES` lines of the file `log`, or why it cannot be read.
fn log_tail(log: &Path) -> String {
    let mut bytes = Vec::new();
    match File::open(log).and_then(|mut file| file.read_to_end(&mut bytes)) {
        Ok(_) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", log.display()),
    }
}
