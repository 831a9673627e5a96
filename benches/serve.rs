//! Benchmark of `sira serve` (issue 6's budgets): for a one-fiche edit, the server's own time to
//! update the pages (phase one, as it prints it) and the search export and open data (phase
//! two), and the time from saving to the updated pages being served (which includes the
//! watcher's 100 ms debounce); then the server's memory over many successive edits.
//!
//! `cargo bench --bench serve`. `SIRA_BENCH_FICHES` (default 5000) sizes the site for the edit
//! latency; `SIRA_BENCH_EDITS` (default 1000) edits are made on a 100-fiche site while the
//! server's resident memory (Linux `/proc`) is sampled. Under `cargo test --all-targets` it
//! runs as a smoke test (20 fiches, 5 edits).
//! `SIRA_BENCH_OUT` chooses where sites are written (default the temp dir; use a tmpfs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path, out: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sira"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0", "--output"])
        .arg(out)
        .stdout(Stdio::piped())
        .spawn()
        .expect("sira serve starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(at) = line.find("http://") {
            break line[at + 7..].split('/').next().expect("host").to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Server {
        child,
        addr,
        lines: rx,
    }
}

/// The milliseconds the server printed on its next line containing `what`.
fn printed_ms(server: &Server, what: &str) -> u64 {
    loop {
        let line = server
            .lines
            .recv_timeout(Duration::from_secs(120))
            .expect("a line from sira serve");
        if line.contains(what) {
            let ms = line.rsplit(" in ").next().and_then(|t| t.split(' ').next());
            return ms
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("a time in {line}"));
        }
    }
}

fn poll(addr: &str, seq: u64) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    write!(
        s,
        "GET /__sira/poll?seq={seq} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut body = String::new();
    s.read_to_string(&mut body).expect("reads");
    body
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn field(status: &str, name: &str) -> u64 {
    let at = status.find(&format!("\"{name}\":")).expect("field") + name.len() + 3;
    status[at..]
        .split([',', '}'])
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

/// Polls from `seq` until `field` exceeds `above`; the last status.
fn poll_until(addr: &str, mut seq: u64, name: &str, above: u64) -> String {
    loop {
        let status = poll(addr, seq);
        assert!(status.contains("\"error\":null"), "{status}");
        if field(&status, name) > above {
            return status;
        }
        seq = field(&status, "seq");
    }
}

/// One edit's figures: save to pages served, server time for the pages, for search + data.
struct Figures {
    served: Duration,
    pages_ms: u64,
    search_ms: u64,
}

/// Renames fiche 6 for edit `k` and waits for both phases of the rebuild it causes.
fn edit(server: &Server, fiche: &Path, original: &str, k: u64) -> Figures {
    let before = poll(&server.addr, u64::MAX);
    let (seq, version, search) = (
        field(&before, "seq"),
        field(&before, "version"),
        field(&before, "search"),
    );
    let text = original.replacen("name = \"", &format!("name = \"Edit {k} "), 1);
    let t = Instant::now();
    std::fs::write(fiche, text).expect("write");
    let status = poll_until(&server.addr, seq, "version", version);
    let served = t.elapsed();
    poll_until(&server.addr, field(&status, "seq"), "search", search);
    Figures {
        served,
        pages_ms: printed_ms(server, "pages of"),
        search_ms: printed_ms(server, "search and open data"),
    }
}

fn main() {
    let parent = std::env::var("SIRA_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    // Under `cargo test --all-targets` (no --bench argument): a smoke run.
    let benching = std::env::args().any(|a| a == "--bench");
    let (fiches, edits) = if benching { (5000, 1000) } else { (20, 5) };
    let fiches: usize = std::env::var("SIRA_BENCH_FICHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(fiches);
    let edits: u64 = std::env::var("SIRA_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(edits);

    let dir = tempfile::tempdir_in(&parent).expect("temp");
    sira::corpus::generate(dir.path(), fiches, 7).expect("corpus");
    let server = start(dir.path(), &dir.path().join("public"));
    let fiche = dir.path().join("content/formation/fiche-000006.md");
    let original = std::fs::read_to_string(&fiche).expect("read");
    let runs: Vec<Figures> = (1..=7)
        .map(|k| edit(&server, &fiche, &original, k))
        .collect();
    let median = |mut v: Vec<u64>| {
        v.sort_unstable();
        (v[0], v[v.len() / 2], v[v.len() - 1])
    };
    let (p0, p1, p2) = median(runs.iter().map(|f| f.pages_ms).collect());
    let (s0, s1, s2) = median(runs.iter().map(|f| f.search_ms).collect());
    let (w0, w1, w2) = median(runs.iter().map(|f| f.served.as_millis() as u64).collect());
    println!(
        "serve: one-fiche edit on {fiches} fiches x 2 languages ({} edits; min/median/max):\n  \
         pages updated (server, phase one): {p0}/{p1}/{p2} ms (budget 50 ms)\n  \
         search export and open data (phase two): {s0}/{s1}/{s2} ms\n  \
         save to updated pages served (with the 100 ms debounce): {w0}/{w1}/{w2} ms",
        runs.len()
    );
    drop(server);

    let small = tempfile::tempdir_in(&parent).expect("temp");
    sira::corpus::generate(small.path(), 100, 7).expect("corpus");
    let server = start(small.path(), &small.path().join("public"));
    let fiche = small.path().join("content/formation/fiche-000006.md");
    let original = std::fs::read_to_string(&fiche).expect("read");
    let pid = server.child.id();
    let mut samples = Vec::new();
    let t = Instant::now();
    for k in 1..=edits {
        edit(&server, &fiche, &original, k);
        if k % (edits / 10).max(1) == 0 {
            samples.push((k, rss_kb(pid) / 1024));
        }
    }
    println!(
        "serve: {edits} successive edits on 100 fiches x 2 languages in {:.0} s, no failure; resident memory (MB) after edit: {}",
        t.elapsed().as_secs_f64(),
        samples.iter().map(|(k, m)| format!("{k}: {m}")).collect::<Vec<_>>().join(", ")
    );
}
