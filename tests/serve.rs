//! `sira serve` as a user meets it: a real server process on a fixture site, edited, broken and
//! fixed while it runs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::{fixture, tree};
use serde_json::Value;

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
        let mut child = common::sira(root)
            .args(["serve", "--port", "0", "--output"])
            .arg(out)
            .args(extra)
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

    /// The next stdout line containing any of `what` (fails after 30 s).
    fn wait_any(&self, what: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if what.iter().any(|w| l.contains(w)) => return l,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("no line with any of {what:?} from sira serve")
                }
            }
        }
    }

    /// (status, headers, body) of a request.
    fn request(&self, method: &str, path: &str) -> (u16, String, Vec<u8>) {
        self.raw(&format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// (status, headers in lower case, body) of a request written as it is.
    fn raw(&self, request: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        s.write_all(request.as_bytes()).expect("writes");
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

    /// Polls from status `seq` on until `ok` holds for a status (fails after 30 s).
    fn poll_until(&self, mut seq: u64, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let status = self.poll(seq);
            if ok(&status) {
                return status;
            }
            assert!(Instant::now() < deadline, "no such status; last {status}");
            seq = status["seq"].as_u64().expect("seq");
        }
    }
}

/// Asserts that `public` holds, byte for byte, what `sira build` writes from `root` now.
fn same_as_full_build(root: &Path, public: &Path, what: &str) {
    let other = tempfile::tempdir().expect("temp");
    full_build(root, &other.path().join("public"));
    let (a, b) = (tree(public), tree(&other.path().join("public")));
    let differ: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(
        a.len() == b.len() && differ.is_empty(),
        "after {what}: {} files vs {}, differing: {differ:?}",
        a.len(),
        b.len()
    );
}

fn full_build(root: &Path, out: &Path) {
    let status = common::sira(root)
        .args(["build", "--output"])
        .arg(out)
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
    assert!(
        html.contains("<script src=\"/__sira/dev.js\"></script>"),
        "{html}"
    );
    let (code, head, script) = server.get("/__sira/dev.js");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert!(script.contains("/__sira/poll"), "{script}");
    same_as_full_build(site.path(), &public, "the first build");
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
    // Phase one (the pages) bumps the version the pages reload on; phase two the search's.
    let status = server.poll(1);
    assert_eq!(
        (status["seq"].as_u64(), status["version"].as_u64()),
        (Some(2), Some(2)),
        "{status}"
    );
    assert!(status["error"].is_null());
    let line = server.wait_line("pages of ");
    assert!(
        line.starts_with("content/formation/centre-test.md: pages of centre-test: ")
            && line.contains(" rendered, ")
            && line.ends_with(" ms"),
        "{line}"
    );
    let status = server.poll_until(2, |s| s["search"].as_u64() == Some(2));
    assert_eq!(status["version"].as_u64(), Some(2));
    server.wait_line("search: ");
    server.wait_line("open data: ");
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
    let status = server.poll_until(3, |s| !s["error"].is_null());
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
    server.wait_line("errors, still serving the last good pages");
    assert!(server.get(page).2.contains("Centre de formation modifié"));
    let (_, _, html) = server.get(page);
    assert!(
        html.contains("public-trainig-centre"),
        "the page's script starts with the error to show"
    );

    // Fixed: the error clears and the output equals a full build of the same content.
    std::fs::write(&fiche, &original).expect("write");
    let status = server.poll_until(4, |s| s["error"].is_null());
    assert_eq!(status["version"].as_u64(), Some(3));
    server.poll_until(5, |s| s["data"].as_u64() == Some(3));
    same_as_full_build(site.path(), &public, "an edit, an error and the fix");
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
    let second = common::sira(site.path())
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

/// The shipped site (configuration, content, theme) in a temporary folder.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    for part in ["content", "themes"] {
        common::copy_dir(&common::repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(
        common::repo().join("sira.toml"),
        dir.path().join("sira.toml"),
    )
    .expect("copy");
    dir
}

/// Rewrites a file of the site with `f`.
fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    let new = f(text.clone());
    assert_ne!(new, text, "the edit of {rel} changes it");
    std::fs::write(&path, new).expect("write");
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_each_kind_of_edit() {
    let site = shipped_copy();
    let root = site.path();
    let out = tempfile::tempdir().expect("temp");
    let public = out.path().join("public");
    let server = Server::start(root, &public, &[]);
    let same_as_full_build = |what: &str| same_as_full_build(root, &public, what);
    // Phase one names the fiche and renders a few pages; phase two follows.
    let pages_then_search = |what: &str| {
        let line = server.wait_any(&["pages of", "full build", "failed", "errors"]);
        assert!(line.contains(&format!("pages of {what}")), "{line}");
        let rendered: usize = line
            .split(": ")
            .nth(2)
            .and_then(|c| c.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a count in {line}"));
        server.wait_line("open data: ");
        rendered
    };
    let fiche = "content/formation/cfp-missabougou.md";

    // A name: the fiche's pages and the listings that show it, in name order.
    edit(root, fiche, |t| {
        t.replacen(
            "name = \"Centre de formation professionnelle de Missabougou\"",
            "name = \"Aaa centre de Missabougou\"",
            1,
        )
    });
    let rendered = pages_then_search("cfp-missabougou");
    assert!((10..200).contains(&rendered), "{rendered} pages rendered");
    same_as_full_build("a name change");
    assert!(server
        .get("/fr/a-z.html")
        .2
        .contains("Aaa centre de Missabougou"));

    // A region added: the new region's page lists it.
    edit(root, fiche, |t| {
        t.replacen(
            "regions = [\"bamako\"]",
            "regions = [\"bamako\", \"kayes\"]",
            1,
        )
    });
    pages_then_search("cfp-missabougou");
    same_as_full_build("a region added");
    assert!(server
        .get("/fr/region/kayes.html")
        .2
        .contains("Aaa centre de Missabougou"));

    // A translation.
    edit(root, "content/formation/cfp-missabougou.en.md", |t| {
        t.replacen(
            "name = \"Missabougou Vocational Training Centre\"",
            "name = \"Zzz Missabougou centre\"",
            1,
        )
    });
    pages_then_search("cfp-missabougou");
    same_as_full_build("a translation edit");

    // A nationwide fiche made regional: every region page listed it.
    edit(root, "content/bailleurs/afd.md", |t| {
        t.replacen("regions = [\"national\"]", "regions = [\"gao\"]", 1)
    });
    let rendered = pages_then_search("afd");
    assert!(rendered > 20, "every region page: {rendered}");
    same_as_full_build("a national fiche made regional");

    // A broken fiche, a good edit of another, then the fix.
    edit(root, fiche, |t| {
        t.replacen(
            "regions = [\"bamako\", \"kayes\"]",
            "regions = [\"bamko\"]",
            1,
        )
    });
    let line = server.wait_any(&["errors", "pages of"]);
    assert!(line.contains("errors, still serving"), "{line}");
    edit(root, "content/bailleurs/afd.md", |t| {
        t.replacen("regions = [\"gao\"]", "regions = [\"national\"]", 1)
    });
    let line = server.wait_any(&["pages of", "full build"]);
    assert!(line.contains("pages of afd"), "{line}");
    server.wait_line("errors, still serving");
    assert!(!server.poll(0)["error"].is_null());
    // While it is broken, a file that is not UTF-8 is reported with it, by name and position…
    let afd = root.join("content/bailleurs/afd.md");
    let good = std::fs::read(&afd).expect("read");
    let mut bad = good.clone();
    bad.extend_from_slice(b"\n\xff\n");
    std::fs::write(&afd, &bad).expect("write");
    server.wait_line("errors, still serving");
    let status = server.poll(0);
    let error = status["error"].as_str().expect("errors");
    assert!(
        error.contains("content/bailleurs/afd.md:") && error.contains("UTF-8"),
        "{error}"
    );
    assert!(
        error.contains("bamko"),
        "the other fiche still in error: {error}"
    );
    std::fs::write(&afd, &good).expect("write");
    server.wait_line("errors, still serving");
    // …and a template edit leaves the broken fiche reported.
    edit(root, "themes/sira/templates/card.html", |t| {
        format!("{t}<!-- while broken -->\n")
    });
    let line = server.wait_any(&["pages of", "full build"]);
    assert!(line.contains("pages of templates card.html"), "{line}");
    server.wait_line("errors, still serving");
    let error = server.poll(0)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        error.contains("bamko") && !error.contains("afd.md"),
        "{error}"
    );
    edit(root, fiche, |t| {
        t.replacen("regions = [\"bamko\"]", "regions = [\"bamako\"]", 1)
    });
    pages_then_search("cfp-missabougou");
    assert!(server.poll(0)["error"].is_null());
    same_as_full_build("errors, other edits, the fix");

    // Templates: the card (every listing), then a page template.
    edit(root, "themes/sira/templates/card.html", |t| {
        format!("{t}<!-- card -->\n")
    });
    pages_then_service_worker(&server, "templates card.html");
    same_as_full_build("a card template edit");
    edit(root, "themes/sira/templates/fiche.html", |t| {
        t.replacen("{% block main %}", "{% block main %}<!-- fiche -->", 1)
    });
    pages_then_service_worker(&server, "templates fiche.html");
    same_as_full_build("a fiche template edit");

    // Theme strings and vocabularies build in full.
    edit(root, "themes/sira/i18n/en.toml", |t| {
        t.replacen(
            "az = \"All organisations from A to Z\"",
            "az = \"Every organisation, A to Z\"",
            1,
        )
    });
    let line = server.wait_any(&["pages of", "full build"]);
    assert!(
        line.contains("strings or files changed") && line.contains("full build"),
        "{line}"
    );
    same_as_full_build("a theme strings edit");
}

/// After a template edit: a pages line naming the templates, then the service worker (the
/// search export is unchanged).
fn pages_then_service_worker(server: &Server, what: &str) {
    let line = server.wait_any(&["pages of", "full build", "failed"]);
    assert!(line.contains(&format!("pages of {what}")), "{line}");
    server.wait_line("service worker: written");
}

#[test]
fn serve_answers_only_for_its_own_host_and_sends_no_cors_headers() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    let server = Server::start(site.path(), &out.path().join("public"), &[]);
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    let get = |path: &str, headers: &str| {
        server.raw(&format!(
            "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
        ))
    };
    // The server's own names: answered.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (code, head, _) = get("/fr/index.html", &format!("Host: {host}\r\n"));
        assert_eq!(code, 200, "{host}");
        assert!(!head.contains("access-control-"), "{head}");
    }
    // Another name, as a DNS-rebinding page sends (its own name, pointed at 127.0.0.1, with
    // the right port), another port, or no Host at all: 403 with a short text, for pages,
    // files that do not exist and the live-reload endpoint alike.
    let evil = [
        "Host: evil.example\r\n".to_string(),
        format!("Host: evil.example:{port}\r\nOrigin: http://evil.example:{port}\r\n"),
        format!(
            "Host: rebind.evil.example:{port}\r\nReferer: http://rebind.evil.example:{port}/\r\n"
        ),
        "Host: 127.0.0.1:1\r\n".to_string(),
        format!("Host: 127.0.0.1:{port}.evil.example\r\n"),
        String::new(),
    ];
    for headers in &evil {
        for path in ["/", "/fr/index.html", "/__sira/poll?seq=0", "/nothing.html"] {
            let (code, head, body) = get(path, headers);
            assert_eq!(code, 403, "{path} with {headers:?}");
            let body = String::from_utf8_lossy(&body);
            assert!(
                body.len() < 200 && body.contains("sira serve answers only"),
                "{body}"
            );
            assert!(!body.contains("Centre") && !body.contains("seq"), "{body}");
            assert!(head.contains("content-type: text/plain"), "{head}");
            assert!(!head.contains("access-control-"), "{head}");
        }
    }
    // The live-reload endpoint, asked from another origin with the right Host (a page that
    // fetched it cross-origin): no CORS header lets that page read the answer; a preflight
    // is refused.
    let (code, head, body) = get(
        "/__sira/poll?seq=0",
        &format!("Host: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\n"),
    );
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&body).contains("\"seq\""));
    assert!(!head.contains("access-control-"), "{head}");
    let (code, head, _) = server.raw(&format!(
        "OPTIONS /__sira/poll?seq=0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Origin: http://evil.example\r\nAccess-Control-Request-Method: GET\r\n\r\n"
    ));
    assert_eq!(code, 405);
    assert!(!head.contains("access-control-"), "{head}");
}

/// Threads of a process (Linux).
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("/proc")
        .count()
}

#[test]
fn serve_keeps_a_bounded_number_of_threads_under_hundreds_of_polls() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    let server = Server::start(site.path(), &out.path().join("public"), &[]);
    let seq = server.poll(u64::MAX)["seq"].as_u64().expect("seq");
    let pid = server.child.id();
    let before = threads(pid);
    // 300 pages long-polling at once (the status does not change meanwhile).
    let polls: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(&server.addr).expect("connects");
            write!(
                s,
                "GET /__sira/poll?seq={seq} HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.addr
            )
            .expect("writes");
            s
        })
        .collect();
    // And 200 connections that send nothing at all.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&server.addr).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let during = threads(pid);
    let bound = sira::serve::WORKERS + 8;
    assert!(
        during <= bound,
        "{during} threads with 300 polls and 200 idle connections open (before: {before}, bound {bound})"
    );
    // Pages are still served meanwhile, at once.
    for path in ["/fr/index.html", "/fr/formation/centre-test.html", "/sw.js"] {
        let start = Instant::now();
        assert_eq!(server.get(path).0, 200, "{path}");
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{path}: {:?}",
            start.elapsed()
        );
    }
    drop(idle);
    // An edit answers every parked poll with the new status; the polls over the cap were
    // told to come back (503), which the page's script does after a second.
    let fiche = site.path().join("content/formation/centre-test.md");
    let text = std::fs::read_to_string(&fiche).expect("read");
    std::fs::write(
        &fiche,
        text.replace("Centre de formation de test", "Centre édité"),
    )
    .expect("write");
    let mut answered = 0;
    let mut busy = 0;
    for mut s in polls {
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut raw = String::new();
        s.read_to_string(&mut raw).expect("an answer");
        if raw.starts_with("HTTP/1.1 200") {
            let body = &raw[raw.find("\r\n\r\n").expect("head") + 4..];
            let status: Value = serde_json::from_str(body).expect("JSON status");
            assert!(status["seq"].as_u64() > Some(seq), "{status}");
            answered += 1;
        } else {
            assert!(raw.starts_with("HTTP/1.1 503"), "{raw}");
            assert!(raw.to_ascii_lowercase().contains("retry-after: 1"), "{raw}");
            busy += 1;
        }
    }
    assert_eq!(answered, sira::serve::MAX_POLLS, "{busy} told to come back");
    assert_eq!(answered + busy, 300);
    // Once the rebuild is over (its own threads come and go), the count is back under the bound.
    server.wait_line("open data: ");
    let after = threads(pid);
    assert!(after <= bound, "{after} threads after the rebuild");
}

#[test]
fn serve_rebuilds_again_after_content_is_deleted_and_re_created() {
    for extra in [&[][..], &["--poll"][..]] {
        let site = fixture("valid");
        let out = tempfile::tempdir().expect("temp");
        let server = Server::start(site.path(), &out.path().join("public"), extra);
        let content = site.path().join("content");
        let backup = out.path().join("content-backup");
        common::copy_dir(&content, &backup);
        std::fs::remove_dir_all(&content).expect("delete content/");
        server.wait_line("still serving the last good site");
        common::copy_dir(&backup, &content);
        server.wait_line("full build");
        // Edits inside the new folder are seen and rebuilt as before.
        let fiche = content.join("formation/centre-test.md");
        let text = std::fs::read_to_string(&fiche).expect("read");
        std::fs::write(
            &fiche,
            text.replace("Centre de formation de test", "Centre revenu"),
        )
        .expect("write");
        server.wait_line("pages of centre-test");
        let (code, _, page) = server.get("/fr/formation/centre-test.html");
        assert_eq!(code, 200);
        assert!(page.contains("Centre revenu"), "{extra:?}");
    }
}

#[test]
fn serve_bound_to_another_address_answers_for_it_too() {
    let site = fixture("valid");
    let out = tempfile::tempdir().expect("temp");
    // Any 127.x.y.z is this machine on Linux: a stand-in for a LAN address.
    let server = Server::start(
        site.path(),
        &out.path().join("public"),
        &["--bind", "127.0.0.2"],
    );
    assert!(server.addr.starts_with("127.0.0.2:"), "{}", server.addr);
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    for (host, code) in [
        (format!("127.0.0.2:{port}"), 200),
        (format!("localhost:{port}"), 200),
        (format!("10.1.2.3:{port}"), 403),
        (format!("sira.lan:{port}"), 403),
    ] {
        let (got, _, _) = server.raw(&format!(
            "GET /fr/index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(got, code, "{host}");
    }
}
