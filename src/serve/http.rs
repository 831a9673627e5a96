//! The HTTP side of `sira serve`: a small HTTP/1.1 server on a std `TcpListener` with a fixed
//! number of threads, whatever the clients do.
//!
//! - The listener's thread hands each connection to one reader thread, which reads the request
//!   heads of up to [`MAX_READING`] connections at once without blocking (at most 16 KiB each,
//!   within [`READ_TIMEOUT`]; a client that sends nothing holds no thread). More connections
//!   get a 503 at once.
//! - A complete request goes to one of [`WORKERS`] threads through a queue of [`QUEUE`]
//!   requests (a 503 when it is full); the worker answers it and closes the connection
//!   (`Connection: close`).
//! - A long-poll (`/__sira/poll?seq=N`) with nothing new to say is parked without a thread:
//!   one notifier thread answers the parked polls when the status changes or after 20 s. At
//!   most [`MAX_POLLS`] are parked; more get a 503, which the page's script retries after a
//!   second.
//! - Only requests whose `Host` is the server's own address are answered (see [`Hosts`]): a
//!   page of another site cannot reach the server through DNS rebinding. Nothing sends CORS
//!   headers, so other origins cannot read answers either.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Shared, Status, POLL_WAIT};

/// Threads that answer requests.
pub const WORKERS: usize = 8;
/// Requests waiting for a free worker; more are answered 503 at once.
pub const QUEUE: usize = 256;
/// Connections whose request head is being read at once; more are answered 503 at once.
pub const MAX_READING: usize = 1024;
/// Long-polls parked at once; more are answered 503 (the page's script retries after 1 s).
pub const MAX_POLLS: usize = 128;
/// How long a client has to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing an answer may block.
const WRITE_TIMEOUT: Duration = Duration::from_secs(3);
/// Largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// The `Host` values the server answers: `localhost`, a loopback address or the bound address,
/// with the server's port; any IP address when bound to all interfaces (`0.0.0.0`, `::`).
/// Host names other than `localhost` are refused, since any web page can point a name of its
/// own at this machine (DNS rebinding).
#[derive(Clone, Debug)]
pub struct Hosts {
    /// The address the server is bound to.
    pub bind: IpAddr,
    /// The port it listens on.
    pub port: u16,
}

impl Hosts {
    /// Whether a request with this `Host` header is for this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        let (name, port) = if let Some(rest) = host.strip_prefix('[') {
            let Some((inside, after)) = rest.split_once(']') else {
                return false;
            };
            (inside, after)
        } else {
            match host.rfind(':') {
                // An IPv6 address must be in brackets.
                Some(i) if host[..i].contains(':') => return false,
                Some(i) => (&host[..i], &host[i..]),
                None => (host, ""),
            }
        };
        let port_ok = match port.strip_prefix(':') {
            Some(p) => p.parse::<u16>().ok() == Some(self.port) && !p.starts_with('+'),
            None => port.is_empty() && self.port == 80,
        };
        if !port_ok {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bind || self.bind.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// A request as the server reads it.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// A request that cannot be answered: its status and a short text.
struct Bad(u16, &'static str);

/// Everything a worker needs.
pub struct Server {
    /// The output folder served.
    pub output: Arc<std::path::PathBuf>,
    /// The status the pages poll.
    pub shared: Shared,
    /// The `Host` values answered.
    pub hosts: Hosts,
}

/// Long-polls waiting for a change of the status.
type Parked = Arc<Mutex<Vec<Waiter>>>;

struct Waiter {
    stream: TcpStream,
    seen: u64,
    deadline: Instant,
    head_only: bool,
}

impl Server {
    /// Serves `listener` until the process stops.
    pub fn run(self, listener: TcpListener) {
        let server = Arc::new(self);
        let parked: Parked = Arc::new(Mutex::new(Vec::new()));
        {
            let (server, parked) = (server.clone(), parked.clone());
            std::thread::spawn(move || notifier(&server.shared, &parked));
        }
        let (to_workers, requests) = sync_channel::<(TcpStream, Request)>(QUEUE);
        let requests = Arc::new(Mutex::new(requests));
        for _ in 0..WORKERS {
            let (server, parked, requests) = (server.clone(), parked.clone(), requests.clone());
            std::thread::spawn(move || worker(&server, &parked, &requests));
        }
        let (to_reader, connections) = sync_channel::<TcpStream>(QUEUE);
        std::thread::spawn(move || reader(&connections, &to_workers));
        for stream in listener.incoming() {
            match stream {
                Ok(stream) => match to_reader.try_send(stream) {
                    Ok(()) => {}
                    Err(TrySendError::Full(mut stream)) => busy(&mut stream),
                    Err(TrySendError::Disconnected(_)) => return,
                },
                // Out of file descriptors, or a connection reset before it was accepted.
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
}

/// A connection still sending its request head.
struct Reading {
    stream: TcpStream,
    head: Vec<u8>,
    since: Instant,
}

/// Reads the request heads of every connection without blocking, and hands complete requests
/// to the workers.
fn reader(connections: &Receiver<TcpStream>, to_workers: &SyncSender<(TcpStream, Request)>) {
    let mut reading: Vec<Reading> = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // Nothing to read: wait for a connection.
        if reading.is_empty() {
            match connections.recv() {
                Ok(stream) => start_reading(stream, &mut reading),
                Err(_) => return,
            }
        }
        while let Ok(stream) = connections.try_recv() {
            start_reading(stream, &mut reading);
        }
        let mut progress = false;
        let now = Instant::now();
        reading.retain_mut(|r| {
            let read = loop {
                match r.stream.read(&mut buf) {
                    Ok(0) => break Err(()),
                    Ok(n) => {
                        progress = true;
                        r.head.extend_from_slice(&buf[..n]);
                        if r.head.len() > MAX_HEAD || head_end(&r.head).is_some() {
                            break Ok(true);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break Ok(false),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break Err(()),
                }
            };
            match read {
                Ok(false) => now.duration_since(r.since) < READ_TIMEOUT,
                Err(()) => false,
                Ok(true) => {
                    let Ok(mut stream) = r.stream.try_clone() else {
                        return false;
                    };
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
                    match parse_head(&r.head) {
                        Ok(request) => match to_workers.try_send((stream, request)) {
                            Ok(()) => {}
                            Err(TrySendError::Full((mut stream, _))) => busy(&mut stream),
                            Err(TrySendError::Disconnected(_)) => {}
                        },
                        Err(Bad(code, text)) => answer_text(&mut stream, code, text, false),
                    }
                    false
                }
            }
        });
        if !progress {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

fn start_reading(stream: TcpStream, reading: &mut Vec<Reading>) {
    let mut stream = stream;
    if reading.len() >= MAX_READING {
        return busy(&mut stream);
    }
    let _ = stream.set_nodelay(true);
    if stream.set_nonblocking(true).is_ok() {
        reading.push(Reading {
            stream,
            head: Vec::new(),
            since: Instant::now(),
        });
    }
}

/// The answer when every place is taken.
fn busy(stream: &mut TcpStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    answer_text(stream, 503, "sira serve is busy: try again\n", false);
}

fn worker(server: &Server, parked: &Parked, requests: &Mutex<Receiver<(TcpStream, Request)>>) {
    loop {
        let next = requests.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((stream, request)) = next else { return };
        handle(server, parked, stream, &request);
    }
}

/// Where the head of a request ends (before its blank line), once it has.
fn head_end(head: &[u8]) -> Option<usize> {
    head.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Parses a request head: the request line and the `Host` header.
fn parse_head(head: &[u8]) -> Result<Request, Bad> {
    let Some(end) = head_end(head).filter(|&e| e <= MAX_HEAD) else {
        return Err(Bad(431, "request head too large\n"));
    };
    let text = std::str::from_utf8(&head[..end])
        .map_err(|_| Bad(400, "the request head is not UTF-8\n"))?;
    let mut lines = text.split("\r\n");
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad(400, "malformed request line\n"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Bad(505, "HTTP/1.1 only\n"));
    }
    let mut host = None;
    for header in lines {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Bad(400, "malformed header\n"));
        };
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(Bad(400, "more than one Host header\n"));
            }
            host = Some(value.trim().to_string());
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

fn handle(server: &Server, parked: &Parked, mut stream: TcpStream, request: &Request) {
    let head_only = request.method == "HEAD";
    if !matches!(request.host.as_deref(), Some(h) if server.hosts.allows(h)) {
        let text = "sira serve answers only requests for its own address \
                    (http://localhost:PORT/ or http://127.0.0.1:PORT/)\n";
        return answer_text(&mut stream, 403, text, head_only);
    }
    if request.method != "GET" && !head_only {
        return answer(
            &mut stream,
            405,
            &[("Allow", "GET, HEAD"), ("Content-Type", "text/plain")],
            b"only GET and HEAD\n",
            false,
        );
    }
    if !request.target.starts_with('/') {
        return answer_text(
            &mut stream,
            400,
            "the request target must be a path\n",
            false,
        );
    }
    if let Some(query) = request.target.strip_prefix("/__sira/poll") {
        let seen: u64 = query
            .trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("seq="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(u64::MAX);
        return poll(&server.shared, parked, stream, seen, head_only);
    }
    if request.target.split('?').next() == Some(super::DEV_SCRIPT_PATH) {
        return answer(
            &mut stream,
            200,
            &[
                ("Content-Type", "text/javascript; charset=utf-8"),
                ("Cache-Control", "no-cache"),
                ("X-Content-Type-Options", "nosniff"),
            ],
            super::DEV_SCRIPT.as_bytes(),
            head_only,
        );
    }
    let (code, bytes, content_type) = super::page(&server.output, &server.shared, &request.target);
    answer(
        &mut stream,
        code,
        &[
            ("Content-Type", content_type),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ],
        &bytes,
        head_only,
    );
}

/// Answers a poll now when the status moved on from `seen`, else parks it for the notifier.
fn poll(shared: &Shared, parked: &Parked, mut stream: TcpStream, seen: u64, head_only: bool) {
    let status = shared.0.lock().unwrap_or_else(|e| e.into_inner());
    if status.seq != seen {
        let status = status.clone();
        return answer_status(&mut stream, &status, head_only);
    }
    // Parked under the status lock, so that no change slips between the check and the park.
    let mut waiting = parked.lock().unwrap_or_else(|e| e.into_inner());
    if waiting.len() >= MAX_POLLS {
        drop(waiting);
        drop(status);
        return answer(
            &mut stream,
            503,
            &[("Retry-After", "1"), ("Content-Type", "text/plain")],
            b"too many pages are polling sira serve\n",
            head_only,
        );
    }
    waiting.push(Waiter {
        stream,
        seen,
        deadline: Instant::now() + POLL_WAIT,
        head_only,
    });
}

/// Answers parked polls when the status changes or their time is up.
fn notifier(shared: &Shared, parked: &Parked) {
    let (lock, cvar) = &**shared;
    let mut handled = u64::MAX;
    loop {
        let wait = {
            let waiting = parked.lock().unwrap_or_else(|e| e.into_inner());
            waiting
                .iter()
                .map(|w| w.deadline)
                .min()
                .map_or(POLL_WAIT, |d| d.saturating_duration_since(Instant::now()))
        };
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = cvar
            .wait_timeout_while(guard, wait, |s| s.seq == handled)
            .unwrap_or_else(|e| e.into_inner());
        let status = guard.clone();
        drop(guard);
        handled = status.seq;
        let now = Instant::now();
        let due: Vec<Waiter> = {
            let mut waiting = parked.lock().unwrap_or_else(|e| e.into_inner());
            let (due, keep) = std::mem::take(&mut *waiting)
                .into_iter()
                .partition(|w| w.seen != status.seq || w.deadline <= now);
            *waiting = keep;
            due
        };
        for mut w in due {
            let _ = w.stream.set_write_timeout(Some(Duration::from_millis(500)));
            answer_status(&mut w.stream, &status, w.head_only);
        }
    }
}

fn answer_status(stream: &mut TcpStream, status: &Status, head_only: bool) {
    let body = serde_json::to_string(status).unwrap_or_else(|_| "{}".into());
    answer(
        stream,
        200,
        &[
            ("Content-Type", "application/json"),
            ("Cache-Control", "no-store"),
        ],
        body.as_bytes(),
        head_only,
    );
}

fn answer_text(stream: &mut TcpStream, code: u16, text: &str, head_only: bool) {
    answer(
        stream,
        code,
        &[("Content-Type", "text/plain; charset=utf-8")],
        text.as_bytes(),
        head_only,
    );
}

/// Writes a whole response and closes the connection; a client gone away is no error.
fn answer(
    stream: &mut TcpStream,
    code: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) {
    let mut head = format!("HTTP/1.1 {code} {}\r\n", reason(code));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Read what input is left without waiting (a request body): closing a socket with unread
    // input resets the connection, and the client could lose the answer.
    let _ = stream.set_nonblocking(true);
    let mut sink = [0u8; 4096];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Binds `addr` (no `SO_REUSEADDR` tricks: a taken port is an error).
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_hosts_are_answered() {
        let local = Hosts {
            bind: "127.0.0.1".parse().expect("ip"),
            port: 1111,
        };
        for ok in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            " 127.0.0.1:1111 ",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost",
            "localhost:1112",
            "localhost.evil.example:1111",
            "127.0.0.1:1111.evil.example",
            "127.0.0.1:+1111",
            "192.168.1.5:1111",
            "[::1]",
            "[::1:1111",
            "::1:1111",
            "",
            ":1111",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let lan = Hosts {
            bind: "192.168.1.5".parse().expect("ip"),
            port: 8000,
        };
        assert!(lan.allows("192.168.1.5:8000") && lan.allows("localhost:8000"));
        assert!(!lan.allows("192.168.1.6:8000") && !lan.allows("sira.lan:8000"));
        let all = Hosts {
            bind: "0.0.0.0".parse().expect("ip"),
            port: 80,
        };
        assert!(all.allows("10.0.0.7") && all.allows("10.0.0.7:80") && all.allows("localhost"));
        assert!(!all.allows("evil.example") && !all.allows("10.0.0.7:81"));
    }
}
