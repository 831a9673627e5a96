//! Benchmark of `sira serve` (issue 6's budgets): time from saving one fiche to the updated
//! output being served, and the server's memory over many successive edits.
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
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

fn poll(addr: &str, seq: u64) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    write!(
        s,
        "GET /__sira/poll?seq={seq} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
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

/// Renames fiche 6 for edit `k` and waits for the rebuild it causes; returns the wait.
fn edit(server: &Server, fiche: &Path, original: &str, k: u64) -> Duration {
    let text = original.replacen("name = \"", &format!("name = \"Edit {k} "), 1);
    let t = Instant::now();
    std::fs::write(fiche, text).expect("write");
    let status = poll(&server.addr, k);
    assert!(status.contains("\"error\":null"), "{status}");
    t.elapsed()
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
    let mut times: Vec<Duration> = (1..=3)
        .map(|k| edit(&server, &fiche, &original, k))
        .collect();
    times.sort();
    println!(
        "serve: one-fiche edit on {fiches} fiches x 2 languages: save to updated output best {:.0} ms, median {:.0} ms (full rebuild)",
        times[0].as_secs_f64() * 1e3,
        times[1].as_secs_f64() * 1e3
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
