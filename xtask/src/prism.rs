//! Stoplight Prism, the mock server the conformance suite sends every operation to:
//! installing it with npm and running `prism mock` for one OpenAPI document.
//!
//! Facts this module relies on (Prism 5.14.2, checked by hand and by the test below):
//!
//! - `prism mock` without `-m` is one `node` process: the `prism` script's `#!/usr/bin/env node`
//!   line makes `env` exec `node` under the same pid, and Prism forks nothing. Killing that pid
//!   is enough, and the mock stays in our process group so that Ctrl-C in a terminal reaches
//!   it too (a process group of its own would survive Ctrl-C, since `Drop` does not run then).
//! - Prism serves every operation at its bare path: `servers` (and their path prefix such as
//!   `/v1`) are ignored when routing, so the base URL of a mock is `http://127.0.0.1:PORT`.
//! - It prints `Prism is listening on http://HOST:PORT` once the socket is bound.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::server::{Launch, Server};

/// The npm package of the Prism command line.
const PACKAGE: &str = "@stoplight/prism-cli";

/// The pinned Prism version: the newest 5.x whose `engines` accepts Node 20 (5.15 and later
/// need Node 24).
pub const VERSION: &str = "5.14.2";

/// Installs Prism `VERSION` with npm into `target/tools/prism` under the workspace root `root`,
/// unless exactly that version is already there, and returns the path of its `prism`
/// executable.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target").join("tools").join("prism");
    let prism = prefix.join("node_modules").join(".bin").join("prism");
    if installed_version(&prism).as_deref() == Some(VERSION) {
        return Ok(prism);
    }
    let shown = crate::npm::install(&prefix, &[format!("{PACKAGE}@{VERSION}")])?;
    match installed_version(&prism) {
        Some(version) if version == VERSION => Ok(prism),
        found => Err(format!(
            "{shown} succeeded but `{} --version` printed {found:?} instead of {VERSION:?}",
            prism.display()
        )),
    }
}

/// The version `prism --version` prints, or `None` when the executable is missing or fails.
fn installed_version(prism: &Path) -> Option<String> {
    if !prism.exists() {
        return None;
    }
    let output = Command::new(prism).arg("--version").stdin(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Starts `prism mock` for the document `spec` with its output in the file `log` (created,
/// with its folder, or truncated), and waits until it listens.
///
/// The flags are only host and port; both defaults that matter here are kept on purpose:
///
/// - Static mode (no `-d`): responses come from the document's `example`/`examples`, else
///   from a schema example, else are built from the schema deterministically (every
///   property, first enum value, boundary numbers), so a run is reproducible. Dynamic mode
///   fills responses with random json-schema-faker data instead.
/// - No `--errors`: in mock mode that flag changes nothing about invalid *requests* (they
///   are answered with 400/401/415/422 either way, from the document's own 422/400/401
///   responses or a generated `application/problem+json`). It only turns a *response* that
///   violates the document into a 500 problem, and Prism's own static responses do that
///   whenever a schema has a `pattern` or `format: byte` (it sends `"string"`), as do
///   documents whose examples disagree with their schemas. Those would fail operations for
///   reasons that are not the client's; the `sl-violations` response header reports both
///   request and response violations without `--errors`.
pub fn start(prism: &Path, spec: &Path, log: &Path) -> Result<Server, String> {
    let command = |port: u16| {
        let mut command = Command::new(prism);
        command
            .arg("mock")
            .args(["-h", &Ipv4Addr::LOCALHOST.to_string(), "-p", &port.to_string()])
            .arg(spec);
        command
    };
    let ready_line =
        |port: u16| format!("Prism is listening on http://{}:{port}", Ipv4Addr::LOCALHOST);
    Server::start(&Launch { command: &command, ready_line: &ready_line }, log)
}

#[cfg(test)]
mod tests {
    use super::{install, start};
    use std::io::{Read as _, Write as _};
    use std::net::TcpStream;
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;
    use std::time::Duration;

    /// The `prism` executable, installed once for all tests: tests run on parallel threads,
    /// and two npm installs into one folder at once would step on each other.
    fn prism() -> PathBuf {
        static PRISM: OnceLock<Result<PathBuf, String>> = OnceLock::new();
        PRISM.get_or_init(|| install(&crate::workspace_root())).clone().expect("install Prism")
    }

    /// One HTTP/1.1 response: status code, headers (names lowercased) and body.
    struct Response {
        /// The status code of the status line.
        status: u16,
        /// Each header as (lowercased name, value).
        headers: Vec<(String, String)>,
        /// The body as text.
        body: String,
    }

    impl Response {
        /// The value of the first header named `name` (lowercase), if any.
        fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
    }

    /// Sends one request with `Connection: close` to `base_url` (`http://127.0.0.1:PORT`) and
    /// reads the whole response.
    fn send(
        base_url: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Response {
        let authority = base_url.strip_prefix("http://").expect("base URL is http://host:port");
        let mut stream = TcpStream::connect(authority).expect("connect to the mock");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("set a read timeout");
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        request.push_str(body.unwrap_or(""));
        stream.write_all(request.as_bytes()).expect("send the request");
        let mut raw = String::new();
        stream.read_to_string(&mut raw).expect("read the response");
        let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
        let mut lines = head.lines();
        let status_line = lines.next().expect("a status line");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("a status code");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Response { status, headers, body: body.to_owned() }
    }

    /// The pids of the processes whose parent is `pid`.
    fn children(pid: u32) -> String {
        let output = Command::new("ps")
            .args(["-o", "pid=", "--ppid", &pid.to_string()])
            .output()
            .expect("run ps");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Whether a process `pid` exists.
    fn alive(pid: u32) -> bool {
        Command::new("ps").args(["-p", &pid.to_string()]).output().expect("run ps").status.success()
    }

    #[test]
    #[ignore = "needs Prism: run cargo xtask test"]
    fn courier_mock_accepts_a_valid_request_and_rejects_invalid_ones() {
        let root = crate::workspace_root();
        let prism = prism();
        let log = root.join("target").join("prism-logs").join("prism-unit-test-courier.log");
        let mock =
            start(&prism, &root.join("specs").join("courier.yaml"), &log).expect("start the mock");
        let pid = mock.child.id();
        let url = format!("http://127.0.0.1:{}", mock.port());
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let path = "/users/user-1/tokens/token-1";
        let json = ("Content-Type", "application/json");
        let body = Some(r#"{"provider_key":"firebase-fcm"}"#);

        let valid = send(&url, "PUT", path, &[("Authorization", "Bearer any-token"), json], body);
        assert_eq!(valid.status, 204, "body {:?}, headers {:?}", valid.body, valid.headers);
        assert_eq!(valid.header("sl-violations"), None);

        // No credential: Prism answers with a problem of its own, without `sl-violations`.
        let no_token = send(&url, "PUT", path, &[json], body);
        assert_eq!(no_token.status, 401, "body {:?}", no_token.body);
        assert_eq!(no_token.header("content-type"), Some("application/problem+json"));
        assert!(
            no_token.body.contains(r#""type":"https://stoplight.io/prism/errors#UNAUTHORIZED""#),
            "{}",
            no_token.body
        );

        // No body: Courier documents a 400, so Prism answers with it and lists the violation.
        let no_body = send(&url, "PUT", path, &[("Authorization", "Bearer any-token")], None);
        assert_eq!(no_body.status, 400, "body {:?}", no_body.body);
        let violations = no_body.header("sl-violations").expect("an sl-violations header");
        assert!(
            violations.contains(r#""location":["request"]"#)
                && violations.contains("Body parameter is required"),
            "{violations}"
        );

        assert_eq!(children(pid), "", "prism mock forked; Drop would have to kill a process group");
        drop(mock);
        assert!(!alive(pid), "prism mock (pid {pid}) is still running after Drop");
    }

    #[test]
    #[ignore = "needs Prism: run cargo xtask test"]
    fn a_document_prism_cannot_load_fails_with_the_log() {
        let root = crate::workspace_root();
        let prism = prism();
        let log = root.join("target").join("prism-logs").join("prism-unit-test-missing.log");
        let error = match start(&prism, Path::new("does/not/exist.yaml"), &log) {
            Ok(mock) => panic!("a mock started at port {} for a missing document", mock.port()),
            Err(error) => error,
        };
        assert!(error.contains("exited") && error.contains("exist.yaml"), "{error}");
    }
}
