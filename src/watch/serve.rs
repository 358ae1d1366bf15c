//! The preview server: `/` the page, `/version` the number of finished builds,
//! `/page/VERSION/LANG/N.png` page N of an edition's PDF drawn by `raster`, on demand.
//!
//! Plain `std::net`, one thread per connection, one request per connection: a local preview
//! for one person needs no more, and a browser's six parallel connections (some opened before
//! they carry a request) are each read at once. tiny_http, used before, left two of
//! Chromium's connections unread under load, so a page image never arrived.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Outcome, Shared, page};
use crate::raster;

/// Width of the page images in pixels: twice the page column's 320 CSS pixels, sharp on
/// high-density screens.
const IMAGE_WIDTH: u32 = 640;

/// A request head longer than this is not a browser's GET; it is refused.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long a connection may stay silent before it is dropped (a browser's pre-opened
/// connection that is never used).
const IDLE: Duration = Duration::from_secs(60);

/// Page images of the current build, drawn once each.
type Cache = Arc<Mutex<HashMap<(u64, String, usize), Arc<Vec<u8>>>>>;

/// What one request gets back.
struct Reply {
    code: u16,
    kind: &'static str,
    body: Vec<u8>,
}

/// Listens at `addr` and answers on threads of its own; returns the address bound.
pub fn start(addr: &str, shared: Shared) -> Result<SocketAddr, String> {
    let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let cache: Cache = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            // A connection that failed while being accepted concerns only that client.
            let Ok(stream) = stream else { continue };
            let (shared, cache) = (shared.clone(), cache.clone());
            // A page image can take a moment to draw; the page and /version must not wait.
            std::thread::spawn(move || serve_connection(stream, &shared, &cache));
        }
    });
    Ok(bound)
}

fn serve_connection(stream: TcpStream, shared: &Shared, cache: &Cache) {
    // The browser may go away at any point; there is nothing to do about it but stop.
    let _ = stream.set_read_timeout(Some(IDLE));
    let Some((method, target)) = read_head(&stream) else {
        return;
    };
    let reply = match method.as_str() {
        "GET" | "HEAD" => answer(&target, shared, cache),
        _ => Reply {
            code: 405,
            kind: "text/plain; charset=utf-8",
            body: b"only GET is served here".to_vec(),
        },
    };
    let _ = write_reply(&stream, &reply, method == "HEAD");
}

/// The request line's method and target, once the whole head (up to the blank line) is read;
/// `None` when the client sent nothing usable.
fn read_head(stream: &TcpStream) -> Option<(String, String)> {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    let mut read = reader.read_line(&mut request_line).ok()?;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    // The headers say nothing this server needs; they are read so that the reply does not
    // meet unread bytes (closing a socket with unread data resets the connection).
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).ok()?;
        read += n;
        if n == 0 || line == "\r\n" || line == "\n" || read > MAX_HEAD_BYTES {
            break;
        }
    }
    Some((method, target))
}

fn write_reply(mut stream: &TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let reason = match reply.code {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        reply.code,
        reply.kind,
        reply.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

fn answer(target: &str, shared: &Shared, cache: &Cache) -> Reply {
    let url = target.split('?').next().unwrap_or("");
    let snap = shared.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let ok = |kind, body| Reply {
        code: 200,
        kind,
        body,
    };
    match url {
        "/" => ok("text/html; charset=utf-8", page::html(&snap).into_bytes()),
        "/version" => ok("text/plain", snap.version.to_string().into_bytes()),
        _ => match page_image(url, &snap, cache) {
            Ok(png) => ok("image/png", png.to_vec()),
            Err((code, message)) => Reply {
                code,
                kind: "text/plain; charset=utf-8",
                body: message.into_bytes(),
            },
        },
    }
}

/// `/page/VERSION/LANG/N.png`: only the current build's pages exist.
fn page_image(
    url: &str,
    snap: &super::Snapshot,
    cache: &Cache,
) -> Result<Arc<Vec<u8>>, (u16, String)> {
    let not_found = || (404, format!("no such page: {url}"));
    let parts: Vec<&str> = url.trim_start_matches('/').split('/').collect();
    let ["page", version, lang, file] = parts[..] else {
        return Err(not_found());
    };
    let version: u64 = version.parse().map_err(|_| not_found())?;
    let page: usize =
        (file.strip_suffix(".png").and_then(|n| n.parse().ok())).ok_or_else(not_found)?;
    if version != snap.version {
        return Err((
            410,
            format!(
                "build {version} has been replaced by build {}",
                snap.version
            ),
        ));
    }
    let editions = match &snap.outcome {
        Outcome::Built { editions, .. } | Outcome::Failed { editions, .. } => editions,
        Outcome::Pending => return Err(not_found()),
    };
    let edition = editions
        .iter()
        .find(|e| e.lang == lang)
        .ok_or_else(not_found)?;
    if page == 0 || page > edition.pages {
        return Err(not_found());
    }
    let key = (version, lang.to_string(), page);
    if let Some(png) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(png.clone());
    }
    let png = raster::pdf_page_png(&edition.pdf, page - 1, IMAGE_WIDTH)
        .map(Arc::new)
        .map_err(|e| (500, e))?;
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    // Older builds' images are never asked for again.
    cache.retain(|(v, _, _), _| *v == version);
    cache.insert(key, png.clone());
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(addr: SocketAddr, target: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    /// A browser opens connections before it has requests for them; those idle connections
    /// must not keep a request on another connection waiting.
    #[test]
    fn idle_connections_do_not_hold_up_a_request() {
        let shared: Shared = Arc::new(Mutex::new(super::super::Snapshot {
            version: 7,
            ..Default::default()
        }));
        let addr = start("127.0.0.1:0", shared).unwrap();
        let _idle: Vec<TcpStream> = (0..12).map(|_| TcpStream::connect(addr).unwrap()).collect();
        let reply = get(addr, "/version");
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
        assert!(reply.ends_with("\r\n\r\n7"), "{reply}");
        let missing = get(addr, "/page/7/en/1.png");
        assert!(missing.starts_with("HTTP/1.1 404 "), "{missing}");
        let stale = get(addr, "/page/3/en/1.png");
        assert!(stale.starts_with("HTTP/1.1 410 ") && stale.contains("replaced by build 7"));
    }
}
