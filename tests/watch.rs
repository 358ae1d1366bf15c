//! `folio watch --serve` as a user sees it: page images drawn by `raster` are real PNGs, the
//! page follows each rebuild by itself and shows the diagnostics when the report breaks.
//! Checked over plain HTTP, then in headless Chromium driven by chromedriver (WebDriver).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Long enough for a debug build of six editions on a busy two-core machine; only a hang
/// ends a test here, never a slow answer.
const PATIENCE: Duration = Duration::from_secs(300);

/// A process that is ended with the test, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A copy of the fixture to edit, and `folio watch --serve` on it at a free port.
struct Watched {
    dir: tempfile::TempDir,
    base: String,
    _folio: Running,
}

impl Watched {
    fn start() -> Watched {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("r");
        std::fs::create_dir(&report).unwrap();
        let fixture = common::fixture();
        for entry in std::fs::read_dir(fixture.parent().unwrap()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, report.join(path.file_name().unwrap())).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("watch")
            .arg(report.join("report.yaml"))
            .arg("-o")
            .arg(dir.path().join("out"))
            .args(["--serve", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        // The rest of what it prints is drained, so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let base = first
            .trim()
            .strip_prefix("serving ")
            .unwrap_or_else(|| panic!("expected `serving http://…/`, got {first:?}"))
            .trim_end_matches('/')
            .to_string();
        let watched = Watched {
            dir,
            base,
            _folio: Running(child),
        };
        watched.wait_for_version(1);
        watched
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join("r").join(name)
    }

    fn version(&self) -> u64 {
        let (status, body) = get(&format!("{}/version", self.base));
        assert_eq!(status, 200);
        String::from_utf8(body).unwrap().trim().parse().unwrap()
    }

    /// Waits until at least `n` builds have finished.
    fn wait_for_version(&self, n: u64) -> u64 {
        let start = Instant::now();
        loop {
            let v = self.version();
            if v >= n {
                return v;
            }
            assert!(start.elapsed() < PATIENCE, "build {n} never finished");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Rewrites one of the report's files (as an editor would) and waits for its build.
    fn edit(&self, name: &str, change: impl FnOnce(String) -> String) -> u64 {
        let before = self.version();
        let path = self.file(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = change(text.clone());
        assert_ne!(text, changed, "the edit changes nothing");
        std::fs::write(&path, changed).unwrap();
        self.wait_for_version(before + 1)
    }
}

/// A plain HTTP/1.1 exchange; returns the status and the body.
fn request(method: &str, url: &str, body: Option<&Value>) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(host).unwrap();
    // A hang fails the test instead of stopping it.
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read by Content-Length (or chunks): chromedriver keeps the connection open.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|n| n.trim().parse::<usize>().unwrap());
    let mut body = Vec::new();
    if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body).unwrap();
    } else if head.contains("transfer-encoding: chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap(), 16).unwrap();
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut body).unwrap();
    }
    (status, body)
}

fn get(url: &str) -> (u16, Vec<u8>) {
    request("GET", url, None)
}

/// The `src` of every page image on an HTML page.
fn image_sources(html: &str) -> Vec<String> {
    html.split("<img src=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// Width and height of a PNG, which must decode whole.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).expect("PNG pixel data");
    // A page drawn with text on it, not a blank: some pixels are dark.
    assert!(pixels.iter().any(|&p| p < 96), "the page image is blank");
    (info.width, info.height)
}

#[test]
fn raster_draws_a_page_at_the_width_asked() {
    let pdf = std::fs::read(common::out("report-a4", "roundtable-3.en.pdf")).unwrap();
    let png = folio::raster::pdf_page_png(&pdf, 0, 210).unwrap();
    let (w, h) = png_size(&png);
    assert_eq!(w, 210);
    // A4 is 210 × 297 mm.
    assert!((296..=298).contains(&h), "height {h}");

    let pages = common::built("report-a4")
        .1
        .manifest
        .outputs
        .iter()
        .find(|o| o.lang == "en" && o.format == "pdf")
        .and_then(|o| o.pages)
        .unwrap();
    let past = folio::raster::pdf_page_png(&pdf, pages, 210).unwrap_err();
    assert!(past.contains(&format!("has {pages} pages")), "{past}");
    let junk = folio::raster::pdf_page_png(b"not a PDF", 0, 210).unwrap_err();
    assert!(junk.contains("not a readable PDF"), "{junk}");
}

#[test]
fn served_page_follows_edits_and_shows_errors() {
    let w = Watched::start();
    let (status, html) = get(&format!("{}/", w.base));
    assert_eq!(status, 200);
    let html = String::from_utf8(html).unwrap();
    let sources = image_sources(&html);
    // Every page of every edition: one column per language.
    let pages: usize = common::built("report-a4")
        .1
        .manifest
        .outputs
        .iter()
        .filter(|o| o.format == "pdf")
        .filter_map(|o| o.pages)
        .sum();
    assert_eq!(sources.len(), pages, "{html}");
    for lang in common::langs() {
        assert!(html.contains(&format!("data-lang=\"{lang}\"")), "{lang}");
    }
    let (status, png) = get(&format!("{}{}", w.base, sources[0]));
    assert_eq!(status, 200);
    let (pw, ph) = png_size(&png);
    assert!(ph * 210 / pw >= 296, "an A4 page: {pw} × {ph}");

    // Letter pages after the layout changes; the old build's images are gone.
    let v = w.edit("report.yaml", |t| {
        t.replace("layout: report-a4", "layout: report-letter")
    });
    let html = String::from_utf8(get(&format!("{}/", w.base)).1).unwrap();
    assert!(html.contains(&format!("data-version=\"{v}\"")));
    let letter = image_sources(&html);
    let (pw, ph) = png_size(&get(&format!("{}{}", w.base, letter[0])).1);
    assert!(
        ph * 85 / pw <= 110,
        "a Letter page (8.5 × 11 in): {pw} × {ph}"
    );
    assert_eq!(get(&format!("{}{}", w.base, sources[0])).0, 410);

    // A broken edition: its diagnostic instead of stale pages.
    w.edit("en.yaml", |t| t + "\nbogus: 1\n");
    let html = String::from_utf8(get(&format!("{}/", w.base)).1).unwrap();
    assert!(html.contains("data-state=\"failed\""), "{html}");
    assert!(html.contains("en.yaml:"), "{html}");
    assert!(html.contains("`bogus`"), "{html}");
    assert!(image_sources(&html).is_empty(), "{html}");
}

/// WebDriver session in headless Chromium.
struct Browser {
    base: String,
    session: String,
    _driver: Running,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Running(driver);
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let (status, body) = request("POST", &format!("{base}/session"), Some(&caps));
        let reply: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, 200, "{reply}");
        let session = reply["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            base,
            session,
            _driver: driver,
            _profile: profile,
        }
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let (status, reply) = request(method, &url, Some(&body));
        let reply: Value = serde_json::from_slice(&reply).unwrap();
        assert_eq!(status, 200, "{reply}");
        reply["value"].clone()
    }

    fn open(&self, url: &str) {
        self.command("POST", "url", json!({ "url": url }));
    }

    fn eval(&self, script: &str) -> Value {
        self.command(
            "POST",
            "execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Waits until `script` returns something other than null or false, and returns it.
    fn until(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            // A page that is reloading at this moment makes the script fail: try again.
            let url = format!("{}/session/{}/execute/sync", self.base, self.session);
            let (status, reply) =
                request("POST", &url, Some(&json!({ "script": script, "args": [] })));
            if status == 200 {
                let value: Value =
                    serde_json::from_slice::<Value>(&reply).unwrap()["value"].clone();
                if !value.is_null() && value != json!(false) {
                    return value;
                }
            }
            assert!(start.elapsed() < PATIENCE, "never: {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = request("DELETE", &url, None);
    }
}

/// The script that says, once every page image has loaded or failed, what each became:
/// `[[loaded, naturalWidth, naturalHeight], …]` with the page's version.
const IMAGES: &str = "
  const imgs = [...document.querySelectorAll('main img')];
  if (imgs.some(i => !i.dataset.loaded)) return null;
  return { version: document.body.dataset.version,
           images: imgs.map(i => [i.dataset.loaded, i.naturalWidth, i.naturalHeight]) };";

#[test]
fn browser_shows_pages_reloads_after_each_build_and_shows_errors() {
    if !(common::have("/usr/bin/chromium") && common::have("chromedriver")) {
        return;
    }
    let w = Watched::start();
    let browser = Browser::start();
    browser.open(&format!("{}/", w.base));

    let first = browser.until("the page images loaded", IMAGES);
    let images = first["images"].as_array().unwrap();
    assert!(!images.is_empty());
    for image in images {
        assert_eq!(image[0], "yes", "an image failed in the browser: {first}");
        let (iw, ih) = (image[1].as_u64().unwrap(), image[2].as_u64().unwrap());
        assert!(ih * 210 / iw >= 296, "an A4 page: {iw} × {ih}");
    }
    let columns = browser
        .eval("return [...document.querySelectorAll('section.edition')].map(s => s.dataset.lang)");
    assert_eq!(columns.as_array().unwrap().len(), common::langs().len());

    // The page reloads itself (nobody navigates) and shows Letter pages.
    let v = w.edit("report.yaml", |t| {
        t.replace("layout: report-a4", "layout: report-letter")
    });
    let script = format!(
        "return document.body.dataset.version === '{v}' ? (function () {{ {IMAGES} }})() : null"
    );
    let letter = browser.until("the page reloaded after the rebuild", &script);
    for image in letter["images"].as_array().unwrap() {
        assert_eq!(image[0], "yes", "{letter}");
        let (iw, ih) = (image[1].as_u64().unwrap(), image[2].as_u64().unwrap());
        assert!(ih * 85 / iw <= 110, "a Letter page: {iw} × {ih}");
    }

    // A broken report: the diagnostic on the page, no stale pages.
    let v = w.edit("en.yaml", |t| t + "\nbogus: 1\n");
    let shown = browser.until(
        "the error shown",
        &format!(
            "return document.body.dataset.version === '{v}' ? \
             [document.getElementById('errors') && document.getElementById('errors').innerText, \
              document.querySelectorAll('main img').length] : null"
        ),
    );
    let text = shown[0]
        .as_str()
        .unwrap_or_else(|| panic!("no error block: {shown}"));
    assert!(
        text.contains("en.yaml:") && text.contains("`bogus`"),
        "{text}"
    );
    assert_eq!(shown[1], 0, "stale pages beside the error");

    // Mended: pages again.
    std::fs::write(
        w.file("en.yaml"),
        std::fs::read_to_string(common::fixture().with_file_name("en.yaml")).unwrap(),
    )
    .unwrap();
    browser.until(
        "pages after the mend",
        "return document.body.dataset.state === 'ok' && document.querySelectorAll('main img').length > 0",
    );
}
