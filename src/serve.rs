//! `sira serve`: build, serve the output on localhost, rebuild when the site's sources change,
//! and reload the open pages.
//!
//! - The first build is a full, atomic `sira build`. After it, an edit is applied incrementally
//!   (see `rebuild`): the pages it affects first, then the search export and open data; what is
//!   on disk is then byte for byte what `sira build` writes. Configuration, vocabulary and
//!   structural changes build in full. A failed rebuild leaves the last good site in place and
//!   being served.
//! - HTML responses get a small script after `<head>` (never written to disk): it turns off the
//!   site's service worker (a cache-first worker would show stale pages while editing), shows
//!   the diagnostics of a failed rebuild as an overlay, and reloads the page after its pages
//!   were rebuilt (the search page also after the search export was). It long-polls
//!   `/__sira/poll?seq=N`, which answers when the status changed (or after 20 s).
//! - Only files inside the output folder are served: the path is decoded, `..` and absolute
//!   components are refused, and the resolved file must lie under the output folder;
//!   everything else is a 404.
//! - Requests are answered only for the server's own `Host`, by a fixed number of threads
//!   (see `http`).
//! - The watcher (notify; `--poll` for file systems without events) covers `sira.toml`,
//!   `content/`, `themes/` and `templates/` (watched again when deleted and re-created),
//!   ignores editors' temporary files, and waits for 100 ms of quiet before rebuilding.
//!   `--poll` hashes every watched file twice a second.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::diagnostics::Format;
use crate::rebuild::{Lost, Outcome};

mod http;
pub use http::{Hosts, MAX_POLLS, WORKERS};

/// Default port, as other static-site generators use.
pub const DEFAULT_PORT: u16 = 1111;
/// How long the watcher waits for quiet before rebuilding (an editor's save is a few events
/// within milliseconds; 50 ms is also watchexec's default).
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How long it waits instead after an event that completes the save of a single file (closed
/// after writing, or renamed into place; see `wait_after`): only for the rest of the same save.
pub const SETTLE: Duration = Duration::from_millis(10);
/// How long a poll waits for a rebuild before answering anyway.
const POLL_WAIT: Duration = Duration::from_secs(20);

/// Settings of `sira serve`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Address to bind (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// Port; `None` means 1111, or any free port when 1111 is taken.
    pub port: Option<u16>,
    /// Output folder (default: the configured one).
    pub output: Option<PathBuf>,
    /// Poll the file system instead of waiting for its events.
    pub poll: bool,
    /// Replace a non-empty output folder that Sira did not write (see `sira build --force`).
    pub force: bool,
}

/// Why the server could not start (exit code 2).
#[derive(Debug)]
pub struct ServeError(pub String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// What the pages learn from `/__sira/poll`.
#[derive(Clone, Debug, Default, serde::Serialize)]
struct Status {
    /// Changes of this status (each rebuild phase, good or bad).
    seq: u64,
    /// Page updates so far (the pages reload when it changes).
    version: u64,
    /// Search export updates so far (the search page reloads when it changes).
    search: u64,
    /// Open data updates so far (the last step after a fiche edit: the output is then what a
    /// full build writes).
    data: u64,
    /// Diagnostics of the last rebuild when it failed.
    error: Option<String>,
}

type Shared = Arc<(Mutex<Status>, Condvar)>;

/// Runs the server until the process is stopped.
pub fn run(root: &Path, settings: &Settings) -> Result<(), ServeError> {
    let root = root.canonicalize().map_err(|e| {
        ServeError(format!(
            "cannot open the site folder {}: {e}",
            root.display()
        ))
    })?;
    let output = resolve_output(&root, settings.output.as_deref())?;
    // Neither build nor serve a folder that is not Sira's to replace.
    crate::publish::guard::check(&root, &output, settings.force).map_err(|refusal| {
        ServeError(format!(
            "{}\n  help: {}",
            refusal.message(&output),
            refusal.hint()
        ))
    })?;
    let shared: Shared = Arc::new((Mutex::new(Status::default()), Condvar::new()));
    // Watch first: an edit made while the first build runs is not lost.
    let (mut watch, rx) = Watch::start(&root, settings.poll)?;
    let mut builder = Builder {
        root: root.clone(),
        output: output.clone(),
        force: settings.force,
        session: None,
    };
    builder.full(&shared, "initial build");
    let listener = bind(settings)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError(format!("the server has no address: {e}")))?;
    println!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        output.display()
    );
    if !settings.bind.is_loopback() {
        println!("warning: listening on {addr}: other machines on the network can read the site");
    }
    {
        let shared = shared.clone();
        std::thread::spawn(move || watch_loop(&mut builder, &mut watch, &shared, &rx));
    }
    http::Server {
        output: Arc::new(output),
        shared,
        hosts: http::Hosts {
            bind: addr.ip(),
            port: addr.port(),
        },
    }
    .run(listener);
    Ok(())
}

fn watch_error(e: notify::Error) -> ServeError {
    ServeError(format!("cannot watch the site's files: {e} (try --poll)"))
}

fn resolve_output(root: &Path, flag: Option<&Path>) -> Result<PathBuf, ServeError> {
    let config_path = root.join(crate::config::FILE_NAME);
    let text = std::fs::read_to_string(&config_path).map_err(|e| {
        ServeError(format!(
            "cannot read {}: {e}; run sira serve in a site folder, or pass --root DIR",
            config_path.display()
        ))
    })?;
    let mut diags = Vec::new();
    let config = crate::config::parse(&text, 0, &mut diags)
        .ok_or_else(|| ServeError("sira.toml has errors: run `sira check` to see them".into()))?;
    // Absolute, so that the watcher can tell the output's own changes from the sources'.
    std::path::absolute(crate::build::output_dir(root, &config, flag))
        .map_err(|e| ServeError(format!("cannot resolve the output folder: {e}")))
}

fn bind(settings: &Settings) -> Result<std::net::TcpListener, ServeError> {
    let try_port = |port: u16| http::listen(SocketAddr::new(settings.bind, port));
    match settings.port {
        Some(port) => try_port(port).map_err(|e| {
            ServeError(format!(
                "cannot listen on {}:{port}: {e}; choose another --port, or leave it out to take a free one",
                settings.bind
            ))
        }),
        None => try_port(DEFAULT_PORT)
            .or_else(|_| try_port(0))
            .map_err(|e| ServeError(format!("cannot listen on {}: {e}", settings.bind))),
    }
}

/// The folders of the site whose changes trigger a rebuild, besides `sira.toml`.
const FOLDERS: [&str; 3] = ["content", "themes", "templates"];

/// The file-system watcher: the site root itself, not recursively (`sira.toml`, and the source
/// folders appearing, going or being replaced), and each source folder recursively. A folder
/// deleted and created again is watched again (its old watch went with it).
struct Watch {
    watcher: Box<dyn notify::Watcher + Send>,
    root: PathBuf,
}

type Events = std::sync::mpsc::Receiver<notify::Result<notify::Event>>;

impl Watch {
    fn start(root: &Path, poll: bool) -> Result<(Watch, Events), ServeError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let watcher: Box<dyn notify::Watcher + Send> = if poll {
            // notify's poller compares whole-second modification times, which misses a
            // second save within the same second: compare contents instead (a hash per file
            // per poll).
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(500))
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(tx, config).map_err(watch_error)?)
        } else {
            Box::new(notify::recommended_watcher(tx).map_err(watch_error)?)
        };
        let mut watch = Watch {
            watcher,
            root: root.to_path_buf(),
        };
        watch
            .watcher
            .watch(root, notify::RecursiveMode::NonRecursive)
            .map_err(watch_error)?;
        for folder in FOLDERS {
            let path = root.join(folder);
            if path.is_dir() {
                watch
                    .watcher
                    .watch(&path, notify::RecursiveMode::Recursive)
                    .map_err(watch_error)?;
            }
        }
        Ok((watch, rx))
    }

    /// If the event creates, deletes or renames a source folder itself, watches that folder
    /// again and returns true.
    fn renew(&mut self, ev: &notify::Event) -> bool {
        use notify::event::{EventKind, ModifyKind};
        if !matches!(
            ev.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        ) {
            return false;
        }
        let mut renewed = false;
        for path in &ev.paths {
            if !FOLDERS.iter().any(|f| *path == self.root.join(f)) {
                continue;
            }
            renewed = true;
            let _ = self.watcher.unwatch(path);
            if path.is_dir() {
                if let Err(e) = self.watcher.watch(path, notify::RecursiveMode::Recursive) {
                    println!("cannot watch {}: {e}", path.display());
                }
            }
        }
        renewed
    }
}

/// Whether a changed path is one of the site's sources.
fn is_source(root: &Path, output: &Path, path: &Path) -> bool {
    !is_temporary(path)
        && !path.starts_with(output)
        && (path == root.join(crate::config::FILE_NAME)
            || FOLDERS.iter().any(|f| path.starts_with(root.join(f))))
}

/// Editors' temporary and backup files, which must not trigger a rebuild.
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    // GNU `sed -i` writes `sed` and six letters or digits beside the file, then renames it.
    let sed = name.len() == 9
        && name.starts_with("sed")
        && name.bytes().all(|b| b.is_ascii_alphanumeric());
    sed || name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".part",
            ".crdownload",
            ".bak",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// How an event sets the watcher's wait for quiet: [`SETTLE`] when it completes a save of a
/// source (the file closed after writing, or renamed into place), [`DEBOUNCE`] when a source's
/// contents may still be being written (written, created, moved away), unchanged otherwise
/// (metadata, reads).
fn wait_after(
    ev: &notify::Result<notify::Event>,
    root: &Path,
    output: &Path,
    wait: Duration,
) -> Duration {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
    let Ok(ev) = ev else {
        return wait;
    };
    if !ev.paths.iter().any(|p| is_source(root, output, p)) {
        return wait;
    }
    match ev.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => SETTLE,
        EventKind::Modify(ModifyKind::Metadata(_)) | EventKind::Access(_) => wait,
        _ => DEBOUNCE,
    }
}

/// The watcher's wait for quiet over one batch of events. Once an event completes the save of
/// a single file, a short wait ([`SETTLE`]); an operation on several files (a checkout, a copy)
/// or a source folder replaced waits for [`DEBOUNCE`] of quiet, so that it is built at once.
struct Quiet<'p> {
    /// The one source file of the batch so far, if there is one.
    file: Option<PathBuf>,
    /// How long to wait for the next event.
    wait: Duration,
    root: &'p Path,
    output: &'p Path,
}

impl<'p> Quiet<'p> {
    fn new(
        first: &notify::Result<notify::Event>,
        replaced: bool,
        root: &'p Path,
        output: &'p Path,
    ) -> Self {
        let mut quiet = Quiet {
            file: None,
            wait: DEBOUNCE,
            root,
            output,
        };
        let sources = quiet.sources(first);
        if let ([file], false) = (sources.as_slice(), replaced) {
            quiet.file = Some(file.clone());
            quiet.wait = wait_after(first, root, output, DEBOUNCE);
        }
        quiet
    }

    /// The source paths of an event.
    fn sources(&self, ev: &notify::Result<notify::Event>) -> Vec<PathBuf> {
        ev.as_ref().map_or_else(
            |_| Vec::new(),
            |e| {
                let mut paths = e.paths.clone();
                paths.retain(|p| is_source(self.root, self.output, p));
                paths
            },
        )
    }

    /// Sets the wait after one more event.
    fn after(&mut self, ev: &notify::Result<notify::Event>) {
        let same = self
            .file
            .as_ref()
            .is_some_and(|f| self.sources(ev).iter().all(|p| p == f));
        if same {
            self.wait = wait_after(ev, self.root, self.output, self.wait);
        } else {
            self.file = None;
            self.wait = DEBOUNCE;
        }
    }
}

/// Whether a watcher event may change the site.
fn relevant(ev: &notify::Result<notify::Event>, root: &Path, output: &Path) -> bool {
    match ev {
        Ok(ev) => {
            !matches!(ev.kind, notify::EventKind::Access(_))
                && ev.paths.iter().any(|p| is_source(root, output, p))
        }
        Err(_) => false,
    }
}

fn watch_loop(builder: &mut Builder, watch: &mut Watch, shared: &Shared, rx: &Events) {
    let output = builder.output.clone();
    let root = builder.root.clone();
    let relevant = |ev: &notify::Result<notify::Event>| relevant(ev, &root, &output);
    let mut waiting: Option<notify::Result<notify::Event>> = None;
    loop {
        let first = match waiting.take() {
            Some(ev) => ev,
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return,
            },
        };
        if !relevant(&first) {
            continue;
        }
        // A source folder replaced is watched again at once, so that its new files are seen.
        let mut replaced = first.as_ref().is_ok_and(|e| watch.renew(e));
        // Debounce: an editor's save is often several events.
        let mut quiet = Quiet::new(&first, replaced, &root, &output);
        let mut what: Vec<PathBuf> = first.map(|e| e.paths).unwrap_or_default();
        while let Ok(more) = rx.recv_timeout(quiet.wait) {
            quiet.after(&more);
            if relevant(&more) {
                replaced |= more.as_ref().is_ok_and(|e| watch.renew(e));
                what.extend(more.map(|e| e.paths).unwrap_or_default());
            }
        }
        what.retain(|p| is_source(&root, &output, p));
        what.sort();
        what.dedup();
        if replaced {
            let names: Vec<String> = what
                .iter()
                .filter(|p| FOLDERS.iter().any(|f| **p == root.join(f)))
                .map(|p| crate::site_fs::display_name(&root, p))
                .collect();
            builder.full(shared, &format!("{} replaced", names.join(", ")));
        } else {
            builder.changed(shared, &what);
        }
        // Phase two waits while more edits come: their pages go first.
        while builder.pending() {
            match rx.try_recv() {
                Ok(ev) if relevant(&ev) => {
                    waiting = Some(ev);
                    break;
                }
                Ok(_) => {}
                Err(_) => builder.finish(shared),
            }
        }
    }
}

/// Runs the rebuilds: a full build first (and whenever an edit needs one), incremental ones
/// after.
struct Builder {
    root: PathBuf,
    output: PathBuf,
    force: bool,
    session: Option<crate::rebuild::Session>,
}

impl Builder {
    fn pending(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(crate::rebuild::Session::pending)
    }

    /// A full atomic build; keeps its result for the next incremental rebuild.
    fn full(&mut self, shared: &Shared, why: &str) {
        let options = crate::validate::Options::now();
        let (result, ms) = crate::rebuild::timed(|| {
            crate::build::run_keeping(
                &self.root,
                &crate::build::Target {
                    output: Some(&self.output),
                    force: self.force,
                    base_url: None,
                },
                Format::Human,
                false,
                options,
                true,
            )
        });
        self.session = None;
        update(shared, |status| match result {
            Ok((report, kept)) if report.outcome == crate::build::Outcome::Built => {
                self.session =
                    kept.map(|k| crate::rebuild::Session::new(&self.root, &self.output, k));
                status.version += 1;
                status.search += 1;
                status.data += 1;
                status.error = None;
                let t = report.timings;
                println!(
                    "{why}: full build, {} files in {ms} ms (validate {} ms, index {} ms, render {} ms)",
                    report.files, t.validate_ms, t.index_ms, t.render_ms
                );
            }
            Ok((report, _)) => {
                print!(
                    "{why}: build failed in {ms} ms; still serving the last good site\n{}",
                    report.report
                );
                status.error = Some(report.report);
            }
            Err(e) => {
                println!("{why}: {e}; still serving the last good site");
                status.error = Some(e.to_string());
            }
        });
    }

    /// Phase one after an edit: the pages (incrementally when the session allows).
    fn changed(&mut self, shared: &Shared, paths: &[PathBuf]) {
        let names: Vec<String> = paths
            .iter()
            .map(|p| crate::site_fs::display_name(&self.root, p))
            .collect();
        let why = names.join(", ");
        let Some(session) = &mut self.session else {
            return self.full(shared, &why);
        };
        let options = crate::validate::Options::now();
        let (outcome, ms) = crate::rebuild::timed(|| session.apply(paths, options));
        match outcome {
            Ok(Outcome::Full(reason)) => self.full(shared, &format!("{why} ({reason})")),
            Ok(Outcome::Pages(s)) => update(shared, |status| {
                println!("{why}: {}", pages_line(&s, ms));
                status.version += 1;
                status.error = None;
            }),
            Ok(Outcome::Failed(done, report)) => update(shared, |status| {
                if let Some(s) = done {
                    println!("{why}: {}", pages_line(&s, ms));
                }
                print!("{why}: errors, still serving the last good pages\n{report}");
                status.error = Some(report);
            }),
            Err(Lost(report)) => {
                self.session = None;
                update(shared, |status| {
                    print!("{why}: rebuild failed in {ms} ms; still serving the last good site\n{report}");
                    status.error = Some(report);
                });
            }
        }
    }

    /// Phase two: the search export (the search's version moves on as soon as it is written),
    /// then the open data and the service worker.
    fn finish(&mut self, shared: &Shared) {
        let Some(session) = &mut self.session else {
            return;
        };
        let (search, ms) = crate::rebuild::timed(|| session.finish_search());
        let search = search.map(|s| {
            if let Some(s) = &s {
                println!("search: {} in {ms} ms", counts(s));
            }
            s.is_some()
        });
        if let Ok(true) = search {
            update(shared, |status| status.search += 1);
        }
        let rest = search.and_then(|_| {
            let (data, ms) = crate::rebuild::timed(|| session.finish_open_data());
            if let Some(s) = data? {
                println!("open data: {} in {ms} ms", counts(&s));
                update(shared, |status| status.data += 1);
            }
            let (sw, ms) = crate::rebuild::timed(|| session.finish_service_worker());
            if sw? {
                println!("service worker: written in {ms} ms");
            }
            Ok(())
        });
        if let Err(Lost(report)) = rest {
            self.session = None;
            update(shared, |status| {
                print!("search or open data failed; still serving the last good site\n{report}");
                status.error = Some(report);
            });
        }
    }
}

/// "pages of centre-test: 12 rendered, 3 written in 9 ms".
fn pages_line(s: &crate::rebuild::Summary, ms: u128) -> String {
    format!("pages of {}: {} in {ms} ms", s.what.join(", "), counts(s))
}

/// "12 rendered, 3 written" (and deleted files, if any).
fn counts(s: &crate::rebuild::Summary) -> String {
    let mut out = format!("{} rendered, {} written", s.rendered, s.written);
    if s.deleted > 0 {
        out.push_str(&format!(", {} deleted", s.deleted));
    }
    out
}

/// Changes the status the pages poll and wakes them.
fn update(shared: &Shared, f: impl FnOnce(&mut Status)) {
    let (lock, cvar) = &**shared;
    let mut status = lock.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut status);
    status.seq += 1;
    cvar.notify_all();
}

/// The file a URL path names inside `output`, if any.
pub fn resolve(output: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = output.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    // Symbolic links must not lead outside either.
    let real = file.canonicalize().ok()?;
    let base = output.canonicalize().ok()?;
    (real.starts_with(&base) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains('\0') && !text.contains('\\')).then_some(text)
}

/// The Content-Type of a served file.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The answer to a GET of `target` outside `/__sira/`: (status, body, content type). HTML
/// gets the development script.
fn page(output: &Path, shared: &Shared, target: &str) -> (u16, Vec<u8>, &'static str) {
    let not_found = (404, b"not found\n".to_vec(), "text/plain; charset=utf-8");
    let (code, file) = match resolve(output, target) {
        Some(f) => (200, f),
        None => match resolve(output, "/404.html") {
            Some(f) => (404, f),
            None => return not_found,
        },
    };
    let mut bytes = Vec::new();
    if std::fs::File::open(&file)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .is_err()
    {
        return not_found;
    }
    if file.extension().is_some_and(|e| e == "html") {
        let status = shared.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        bytes = inject(&bytes, &status);
    }
    (code, bytes, content_type(&file))
}

/// The development script, placed right after `<head>` so that it runs before the page's
/// service-worker registration: the status it starts from, as JSON data, then the script as a
/// file of the server (`/__sira/dev.js`), which the pages' Content-Security-Policy allows as it
/// allows the site's own scripts (an inline script it would block).
fn inject(html: &[u8], status: &Status) -> Vec<u8> {
    let state = serde_json::to_string(status)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c");
    let script = format!(
        "<script type=\"application/json\" id=\"sira-dev-state\">{state}</script>\
         <script src=\"{DEV_SCRIPT_PATH}\"></script>"
    );
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(at) => {
            let cut = at + "<head>".len();
            format!("{}{script}{}", &text[..cut], &text[cut..]).into_bytes()
        }
        None => format!("{script}{text}").into_bytes(),
    }
}

/// Where the server answers with [`DEV_SCRIPT`].
const DEV_SCRIPT_PATH: &str = "/__sira/dev.js";

/// The development script: turns the service worker off, shows the overlay, reloads.
const DEV_SCRIPT: &str = r#"(function(){var s=JSON.parse(document.getElementById('sira-dev-state').textContent),page=s.version,srch=s.search;
if(navigator.serviceWorker){navigator.serviceWorker.register=function(){return Promise.resolve()};
navigator.serviceWorker.getRegistrations().then(function(r){r.forEach(function(x){x.unregister()})});}
function overlay(text){var o=document.getElementById('sira-dev-overlay');
if(!text){if(o)o.remove();return}
if(!o){o=document.createElement('div');o.id='sira-dev-overlay';o.setAttribute('role','alert');
o.style.cssText='position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 monospace;padding:1.5em;white-space:pre-wrap';
(document.body||document.documentElement).appendChild(o)}
o.textContent='sira serve: the last edit does not build; this is the previous site.\n\n'+text}
function apply(st){if(!st.error&&(st.version!==page||(st.search!==srch&&document.querySelector('form[data-meta]')))){location.reload();return false}
overlay(st.error);return true}
function poll(seq){fetch('/__sira/poll?seq='+seq,{cache:'no-store'}).then(function(r){return r.json()})
.then(function(st){if(apply(st))poll(st.seq)},function(){setTimeout(function(){poll(seq)},1000)})}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',function(){apply(s)});else apply(s);
poll(s.seq)})();"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output() {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("fr")).expect("mkdir");
        std::fs::write(out.join("index.html"), "root").expect("write");
        std::fs::write(out.join("fr/index.html"), "fr").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        let base = out.canonicalize().expect("real");
        assert_eq!(resolve(&out, "/"), Some(base.join("index.html")));
        assert_eq!(resolve(&out, "/fr/"), Some(base.join("fr/index.html")));
        assert_eq!(
            resolve(&out, "/fr/index.html?x=1"),
            Some(base.join("fr/index.html"))
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/fr/../../secret.txt",
            "/fr/%2E%2E/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/%00",
            "/%zz",
            "/fr\\..\\..\\secret.txt",
            "/nothing.html",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
    }

    #[test]
    fn a_completed_save_shortens_the_wait_and_a_write_in_progress_restores_it() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind,
            RenameMode,
        };
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        let fiche = root.join("content/ong/amsode.md");
        let after = |kind: EventKind, path: &Path, wait: Duration| {
            let ev = Ok(notify::Event::new(kind).add_path(path.to_path_buf()));
            wait_after(&ev, root, output, wait)
        };
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        // Closed after writing, or renamed into place: the save is complete.
        assert_eq!(after(closed, &fiche, DEBOUNCE), SETTLE);
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert_eq!(after(renamed, &fiche, DEBOUNCE), SETTLE);
        // Written, created or moved away: it may still be being written.
        assert_eq!(after(written, &fiche, SETTLE), DEBOUNCE);
        let created = EventKind::Create(CreateKind::File);
        assert_eq!(after(created, &fiche, SETTLE), DEBOUNCE);
        let moved_away = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(after(moved_away, &fiche, SETTLE), DEBOUNCE);
        // Metadata and reads change nothing.
        let touched = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any));
        assert_eq!(after(touched, &fiche, SETTLE), SETTLE);
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(after(read, &fiche, DEBOUNCE), DEBOUNCE);
        // Neither does anything on an editor's temporary file or in the output.
        let swap = root.join("content/ong/.amsode.md.swp");
        assert_eq!(after(closed, &swap, DEBOUNCE), DEBOUNCE);
        assert_eq!(
            after(closed, &output.join("index.html"), DEBOUNCE),
            DEBOUNCE
        );
        assert_eq!(after(written, &swap, SETTLE), SETTLE);
    }

    #[test]
    fn a_save_of_one_file_settles_fast_and_several_files_wait_for_quiet() {
        use notify::event::{AccessKind, AccessMode, DataChange, EventKind, ModifyKind};
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        let ev =
            |kind: EventKind, path: &str| Ok(notify::Event::new(kind).add_path(root.join(path)));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        // One fiche written then closed (an editor's backup beside it changes nothing).
        let mut quiet = Quiet::new(&ev(written, "content/ong/a.md"), false, root, output);
        assert_eq!(quiet.wait, DEBOUNCE);
        quiet.after(&ev(closed, "content/ong/.a.md.swp"));
        assert_eq!(quiet.wait, DEBOUNCE);
        quiet.after(&ev(closed, "content/ong/a.md"));
        assert_eq!(quiet.wait, SETTLE);
        // Then another file: a checkout or a copy, built at once after 50 ms of quiet.
        quiet.after(&ev(written, "content/ong/b.md"));
        assert_eq!(quiet.wait, DEBOUNCE);
        quiet.after(&ev(closed, "content/ong/b.md"));
        assert_eq!(quiet.wait, DEBOUNCE);
        // A source folder replaced waits for quiet even for one file's events.
        let mut quiet = Quiet::new(&ev(written, "content/ong/a.md"), true, root, output);
        quiet.after(&ev(closed, "content/ong/a.md"));
        assert_eq!(quiet.wait, DEBOUNCE);
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for t in [
            ".fiche.md.swp",
            "fiche.md~",
            "#fiche.md#",
            "4913",
            ".#fiche.md",
            "x.tmp",
            "content/formation/sedAb12Cd",
        ] {
            assert!(is_temporary(Path::new(t)), "{t}");
        }
        for kept in [
            "content/formation/fiche.md",
            "content/formation/sedentary.md",
            "content/formation/sed-12.md",
        ] {
            assert!(!is_temporary(Path::new(kept)), "{kept}");
        }
    }

    #[test]
    fn the_script_goes_right_after_head() {
        let html = inject(
            b"<!doctype html><html><head><title>x</title>",
            &Status::default(),
        );
        let text = String::from_utf8(html).expect("utf-8");
        assert!(text.starts_with(
            "<!doctype html><html><head><script type=\"application/json\" id=\"sira-dev-state\">{\"seq\":0"
        ));
        assert!(text.ends_with("</script><script src=\"/__sira/dev.js\"></script><title>x</title>"));
        // An error text cannot close the data element.
        let status = Status {
            error: Some("</script><script>alert(1)</script>".into()),
            ..Status::default()
        };
        let text = String::from_utf8(inject(b"<head>", &status)).expect("utf-8");
        assert_eq!(text.matches("</script>").count(), 2, "{text}");
    }
}
