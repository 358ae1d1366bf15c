//! The preview server (tiny_http): `/` the page, `/version` the number of finished builds,
//! `/page/VERSION/LANG/N.png` page N of an edition's PDF drawn by `raster`, on demand.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Request, Response, Server};

use super::{Outcome, Shared, page};
use crate::raster;

/// Width of the page images in pixels: twice the page column's 320 CSS pixels, sharp on
/// high-density screens.
const IMAGE_WIDTH: u32 = 640;

/// Page images of the current build, drawn once each.
type Cache = Arc<Mutex<HashMap<(u64, String, usize), Arc<Vec<u8>>>>>;

/// Listens at `addr` and answers on threads of its own; returns the address bound.
pub fn start(addr: &str, shared: Shared) -> Result<SocketAddr, String> {
    let server = Server::http(addr).map_err(|e| e.to_string())?;
    let bound = server.server_addr().to_ip().ok_or("not an IP address")?;
    let cache: Cache = Arc::default();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (shared, cache) = (shared.clone(), cache.clone());
            // A page image can take a moment to draw; the page and /version must not wait.
            std::thread::spawn(move || answer(request, &shared, &cache));
        }
    });
    Ok(bound)
}

fn answer(request: Request, shared: &Shared, cache: &Cache) {
    let url = request.url().split('?').next().unwrap_or("").to_string();
    let snap = shared.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let response = match url.as_str() {
        "/" => respond(
            200,
            "text/html; charset=utf-8",
            page::html(&snap).into_bytes(),
        ),
        "/version" => respond(200, "text/plain", snap.version.to_string().into_bytes()),
        _ => match page_image(&url, &snap, cache) {
            Ok(png) => respond(200, "image/png", png.to_vec()),
            Err((code, message)) => {
                respond(code, "text/plain; charset=utf-8", message.into_bytes())
            }
        },
    };
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

fn respond(code: u16, kind: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
    };
    Response::from_data(body)
        .with_status_code(code)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
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
