//! `sira serve` as a user meets it: a real server process on a fixture site, edited, broken and
//! fixed while it runs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::{fixture, tree};
use serde_json::Value;

const EPOCH: &str = "1795392000"; // 2026-11-23

struct Server {
    child: Child,
    addr: String,
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path, out: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sira"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0", "--output"])
            .arg(out)
            .args(extra)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::piped())
            .spawn()
            .expect("starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            lines,
        };
        let line = server.wait_line("serving ");
        let at = line.find("http://").expect("an address") + 7;
        server.addr = line[at..].split('/').next().expect("host:port").to_string();
        server
    }

    /// The next stdout line containing `what` (fails after 20 s).
    fn wait_line(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(what) => return l,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("no line with {what:?} from sira serve")
                }
            }
        }
    }

    /// (status, headers, body) of a request.
    fn request(&self, method: &str, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("writes");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("reads");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers")
            + 4;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let code = head[9..12].parse().expect("status");
        (code, head.to_ascii_lowercase(), raw[split..].to_vec())
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let (code, head, body) = self.request("GET", path);
        (code, head, String::from_utf8_lossy(&body).into_owned())
    }

    fn poll(&self, seq: u64) -> Value {
        serde_json::from_str(&self.get(&format!("/__sira/poll?seq={seq}")).2).expect("JSON status")
    }
}

fn full_build(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_sira"))
        .arg("--root")
        .arg(root)
        .args(["build", "--output"])
        .arg(out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .status()
        .expect("builds");
    assert!(status.success());
}

#[test]
fn serve_answers_only_inside_the_output_with_the_right_types() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let server = Server::start(site.path(), &public, &[]);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    for (path, ty) in [
        ("/", "text/html"),
        ("/fr/", "text/html"),
        ("/fr/formation/centre-test.html", "text/html"),
        ("/sw.js", "text/javascript"),
        ("/fr/manifest.webmanifest", "application/manifest+json"),
        ("/robots.txt", "text/plain"),
    ] {
        let (code, head, _) = server.get(path);
        assert_eq!(code, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {ty}")),
            "{path}: {head}"
        );
    }
    let css = tree(&public)
        .into_iter()
        .find(|(p, _)| p.ends_with(".css"))
        .expect("a stylesheet")
        .0;
    let (code, head, _) = server.get(&format!("/{css}"));
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/css"));
    // Outside the output: 404, however the path is spelt.
    std::fs::write(out.path().join("secret.txt"), "secret").expect("write");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/fr/../../secret.txt",
        "/fr/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/no-such-page.html",
    ] {
        let (code, _, body) = server.get(path);
        assert_eq!(code, 404, "{path}");
        assert!(!body.contains("secret"), "{path}");
    }
    let (code, head, _) = server.request("POST", "/");
    assert_eq!(code, 405);
    assert!(head.contains("allow: get, head"));
    // Pages get the development script; the files on disk are what `sira build` writes.
    let (_, _, html) = server.get("/fr/index.html");
    assert!(html.contains("/__sira/poll"));
    let other = tempfile::tempdir().expect("temp");
    full_build(site.path(), &other.path().join("public"));
    assert!(
        tree(&public) == tree(&other.path().join("public")),
        "served output differs from sira build"
    );
}

#[test]
fn serve_rebuilds_on_edit_keeps_the_last_good_site_on_error_and_recovers() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let server = Server::start(site.path(), &public, &[]);
    let fiche = site.path().join("content/formation/centre-test.md");
    let original = std::fs::read_to_string(&fiche).expect("read");
    let page = "/fr/formation/centre-test.html";
    assert!(server.get(page).2.contains("Centre de formation de test"));

    // Editor noise alone does not rebuild.
    std::fs::write(
        site.path().join("content/formation/.centre-test.md.swp"),
        "x",
    )
    .expect("write");
    std::fs::write(site.path().join("content/formation/centre-test.md~"), "x").expect("write");

    // An edit: rebuilt, the page changes, the terminal says what and how long.
    std::fs::write(
        &fiche,
        original.replace("Centre de formation de test", "Centre de formation modifié"),
    )
    .expect("write");
    let status = server.poll(1);
    assert_eq!(
        (status["seq"].as_u64(), status["version"].as_u64()),
        (Some(2), Some(2)),
        "{status}"
    );
    assert!(status["error"].is_null());
    let line = server.wait_line("built ");
    assert!(
        line.contains("centre-test.md") && line.contains(" ms"),
        "{line}"
    );
    assert!(!line.contains(".swp") && !line.contains('~'), "{line}");
    assert!(server.get(page).2.contains("Centre de formation modifié"));

    // A broken edit: diagnostics with file and line, the last good page still served.
    let broken = original
        .replace("Centre de formation de test", "Centre de formation modifié")
        .replace(
            "kind = \"public-training-centre\"",
            "kind = \"public-trainig-centre\"",
        );
    std::fs::write(&fiche, &broken).expect("write");
    let status = server.poll(2);
    let error = status["error"].as_str().expect("an error");
    let line = broken
        .lines()
        .position(|l| l.starts_with("kind"))
        .expect("kind line")
        + 1;
    assert!(
        error.contains(&format!("content/formation/centre-test.md:{line}:8")),
        "{error}"
    );
    assert!(
        error.contains("did you mean `public-training-centre`"),
        "{error}"
    );
    assert_eq!(status["version"].as_u64(), Some(2));
    server.wait_line("still serving the last good site");
    assert!(server.get(page).2.contains("Centre de formation modifié"));
    let (_, _, html) = server.get(page);
    assert!(
        html.contains("public-trainig-centre"),
        "the page's script starts with the error to show"
    );

    // Fixed: the error clears and the output equals a full build of the same content.
    std::fs::write(&fiche, &original).expect("write");
    let status = server.poll(3);
    assert!(status["error"].is_null(), "{status}");
    assert_eq!(status["version"].as_u64(), Some(3));
    let other = tempfile::tempdir().expect("temp");
    full_build(site.path(), &other.path().join("public"));
    assert!(
        tree(&public) == tree(&other.path().join("public")),
        "output after edits differs from a full build"
    );
}

#[test]
fn serve_polls_when_asked_and_refuses_a_taken_port() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    let server = Server::start(site.path(), &out.path().join("public"), &["--poll"]);
    let fiche = site.path().join("content/formation/centre-test.md");
    let text = std::fs::read_to_string(&fiche).expect("read");
    std::fs::write(
        &fiche,
        text.replace("Centre de formation de test", "Centre sondé"),
    )
    .expect("write");
    assert_eq!(server.poll(1)["version"].as_u64(), Some(2));
    let port = server.addr.rsplit(':').next().expect("port");
    let second = Command::new(env!("CARGO_BIN_EXE_sira"))
        .arg("--root")
        .arg(site.path())
        .args(["serve", "--port", port, "--output"])
        .arg(out.path().join("other"))
        .output()
        .expect("runs");
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")) && err.contains("--port"),
        "{err}"
    );
}
