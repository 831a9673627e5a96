//! Benchmark of `sira serve` (issues 6 and 20): over successive one-fiche edits (a new name
//! that moves the fiche far in name order, a new summary in place, its name back, in turn;
//! figures for all edits, then for the edits in place and those that move it), the server's own times (as it prints them) for phase one (the
//! pages) and phase two (the search export, then the open data), the time from saving to the
//! updated pages being served and to the search being updated (both include the watcher's
//! wait for quiet: 10 ms after the file is closed, `std::fs::write` closing it), and the server's resident memory (Linux `/proc`) over the edits.
//!
//! `cargo bench --bench serve`: `SIRA_BENCH_FICHES` (default 5000) fiches, `SIRA_BENCH_EDITS`
//! (default 100) edits. Under `cargo test --all-targets` it runs as a smoke test (20 fiches,
//! 4 edits).
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

/// One edit's figures: save to pages served, save to search updated, and the server's own
/// times for the pages, the search export and the open data.
struct Figures {
    served: Duration,
    searched: Duration,
    pages_ms: u64,
    search_ms: u64,
    data_ms: u64,
}

/// Edit `k` of fiche 6, three kinds in turn: a new name that moves it far in name order
/// (`k % 3 == 1`), a new summary under that name (`2`: it stays where it is), and its
/// original name back with another summary (`0`: it moves back); waits for every phase of the
/// rebuild it causes.
fn edit(server: &Server, fiche: &Path, original: &str, k: u64) -> Figures {
    let before = poll(&server.addr, u64::MAX);
    let (seq, version, search, data) = (
        field(&before, "seq"),
        field(&before, "version"),
        field(&before, "search"),
        field(&before, "data"),
    );
    let renamed = |k: u64| original.replacen("name = \"", &format!("name = \"Zz {k} "), 1);
    let text = match k % 3 {
        1 => renamed(k),
        2 => renamed(k - 1).replacen("summary = \"", &format!("summary = \"Soudure {k} "), 1),
        _ => original.replacen("summary = \"", &format!("summary = \"Soudure {k} "), 1),
    };
    let t = Instant::now();
    std::fs::write(fiche, text).expect("write");
    let status = poll_until(&server.addr, seq, "version", version);
    let served = t.elapsed();
    let status = poll_until(&server.addr, field(&status, "seq"), "search", search);
    let searched = t.elapsed();
    poll_until(&server.addr, field(&status, "seq"), "data", data);
    Figures {
        served,
        searched,
        pages_ms: printed_ms(server, "pages of"),
        search_ms: printed_ms(server, "search: "),
        data_ms: printed_ms(server, "open data: "),
    }
}

/// min/median/p90/max of `v`.
fn spread(mut v: Vec<u64>) -> String {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!("{}/{}/{}/{}", v[0], at(0.5), at(0.9), v[v.len() - 1])
}

fn main() {
    let parent = std::env::var("SIRA_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    // Under `cargo test --all-targets` (no --bench argument): a smoke run.
    let benching = std::env::args().any(|a| a == "--bench");
    let (fiches, edits) = if benching { (5000, 100) } else { (20, 4) };
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
    let pid = server.child.id();
    let mut samples = vec![(0, rss_kb(pid) / 1024)];
    let t = Instant::now();
    let runs: Vec<Figures> = (1..=edits)
        .map(|k| {
            let f = edit(&server, &fiche, &original, k);
            if k % (edits / 10).max(1) == 0 {
                samples.push((k, rss_kb(pid) / 1024));
            }
            f
        })
        .collect();
    let ms = |f: fn(&Figures) -> u64| spread(runs.iter().map(f).collect());
    // Edits 2, 5, 8…: a new summary, the fiche staying in place.
    let in_place = |f: fn(&Figures) -> u64| spread(runs.iter().skip(1).step_by(3).map(f).collect());
    let moving = |f: fn(&Figures) -> u64| {
        spread(
            runs.iter()
                .enumerate()
                .filter(|(i, _)| i % 3 != 1)
                .map(|(_, r)| f(r))
                .collect(),
        )
    };
    println!(
        "serve: {edits} one-fiche edits (a far rename, a summary in place, the name back, in turn) on {fiches} fiches x 2 languages in {:.0} s; min/median/p90/max:\n  \
         phase one, pages (server): {} ms (budget 50 ms)\n  \
         phase two, search export (server): {} ms\n  \
         phase two, open data (server): {} ms\n  \
         save to updated pages served (with the debounce): {} ms\n  \
         save to search updated (with the debounce): {} ms (budget 300 ms)\n  \
           - a summary, the fiche in place: search export {} ms, save to search {} ms\n  \
           - a name moving it far in name order: search export {} ms, save to search {} ms\n  \
         resident memory (MB) after edit: {}",
        t.elapsed().as_secs_f64(),
        ms(|f| f.pages_ms),
        ms(|f| f.search_ms),
        ms(|f| f.data_ms),
        ms(|f| f.served.as_millis() as u64),
        ms(|f| f.searched.as_millis() as u64),
        in_place(|f| f.search_ms),
        in_place(|f| f.searched.as_millis() as u64),
        moving(|f| f.search_ms),
        moving(|f| f.searched.as_millis() as u64),
        samples.iter().map(|(k, m)| format!("{k}: {m}")).collect::<Vec<_>>().join(", ")
    );
}
