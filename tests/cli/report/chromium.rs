//! The HTML report in headless Chromium, driven over the DevTools protocol.

use serde_json::Value;
use std::process::Command;

/// What a page did in headless Chromium, seen through the DevTools protocol.
#[derive(Debug, Default)]
struct PageLog {
    /// Console calls, uncaught exceptions and browser log entries (CSP violations, failed
    /// loads) of the page.
    console: Vec<String>,
    /// Every URL the page's frame requested, the document itself included.
    requests: Vec<String>,
    /// `document.documentElement.outerHTML` after the load event.
    dom: String,
}

/// Loads `url` in a fresh headless Chromium and records what the page did. The DevTools
/// protocol runs over `--remote-debugging-pipe` (file descriptors 3 and 4, here two FIFOs),
/// so it needs no port and no WebSocket client. Chromium's own background traffic is not
/// the page's and is not seen here: only the page target's session is listened to.
fn open_in_chromium(url: &str) -> PageLog {
    use std::io::{BufRead, BufReader, Write};
    let tmp = tempfile::tempdir().unwrap();
    let (to, from) = (
        tmp.path().join("to-chromium"),
        tmp.path().join("from-chromium"),
    );
    for fifo in [&to, &from] {
        assert!(Command::new("mkfifo").arg(fifo).status().unwrap().success());
    }
    let mut child = Command::new("bash")
        .args([
            "-c",
            r#"exec chromium "${@:3}" --remote-debugging-pipe 3<"$1" 4>"$2""#,
            "chromium",
        ])
        .arg(&to)
        .arg(&from)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium runs");
    // A stuck browser must not hang the test; the watchdog stands down once it has exited,
    // so it can never signal a reused process ID.
    let pid = child.id().to_string();
    let (exited, watch) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if watch
            .recv_timeout(std::time::Duration::from_secs(60))
            .is_err()
        {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    });
    let mut writer = std::fs::OpenOptions::new().write(true).open(&to).unwrap();
    let mut reader = BufReader::new(std::fs::File::open(&from).unwrap());
    let mut next_id = 0;
    let mut log = PageLog::default();
    let mut send = |method: &str, params: Value, session: &str| -> u64 {
        next_id += 1;
        let mut msg = serde_json::json!({"id": next_id, "method": method, "params": params});
        if !session.is_empty() {
            msg["sessionId"] = Value::String(session.to_string());
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        writer.write_all(&bytes).unwrap();
        next_id
    };
    // Reads messages until `done` says so, recording the page session's events on the way.
    let mut read_until =
        |log: &mut PageLog, session: &str, done: &dyn Fn(&Value) -> bool| -> Value {
            loop {
                let mut buf = Vec::new();
                let n = reader.read_until(0, &mut buf).unwrap();
                assert!(n > 0, "chromium closed the pipe");
                buf.pop();
                let msg: Value = serde_json::from_slice(&buf).unwrap();
                if !session.is_empty() && msg["sessionId"] == session {
                    let p = &msg["params"];
                    match msg["method"].as_str().unwrap_or_default() {
                        "Runtime.consoleAPICalled" => log
                            .console
                            .push(format!("console.{}: {}", p["type"], p["args"])),
                        "Runtime.exceptionThrown" => log
                            .console
                            .push(format!("exception: {}", p["exceptionDetails"])),
                        "Log.entryAdded" => log
                            .console
                            .push(format!("{}: {}", p["entry"]["level"], p["entry"]["text"])),
                        "Network.requestWillBeSent" => log
                            .requests
                            .push(p["request"]["url"].as_str().unwrap_or_default().to_string()),
                        _ => {}
                    }
                }
                if done(&msg) {
                    return msg;
                }
            }
        };
    let reply = |id: u64| move |m: &Value| m["id"] == id;
    let id = send(
        "Target.createTarget",
        serde_json::json!({"url": "about:blank"}),
        "",
    );
    let target = read_until(&mut log, "", &reply(id))["result"]["targetId"].clone();
    let id = send(
        "Target.attachToTarget",
        serde_json::json!({"targetId": target, "flatten": true}),
        "",
    );
    let session = read_until(&mut log, "", &reply(id))["result"]["sessionId"]
        .as_str()
        .unwrap()
        .to_string();
    for domain in [
        "Page.enable",
        "Runtime.enable",
        "Log.enable",
        "Network.enable",
    ] {
        let id = send(domain, serde_json::json!({}), &session);
        read_until(&mut log, &session, &reply(id));
    }
    send("Page.navigate", serde_json::json!({"url": url}), &session);
    read_until(&mut log, &session, &|m| {
        m["method"] == "Page.loadEventFired"
    });
    let id = send(
        "Runtime.evaluate",
        serde_json::json!({"expression": "document.documentElement.outerHTML"}),
        &session,
    );
    let dom = read_until(&mut log, &session, &reply(id));
    log.dom = dom["result"]["result"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    send("Browser.close", serde_json::json!({}), "");
    let _ = child.wait();
    let _ = exited.send(());
    watchdog.join().unwrap();
    log
}

/// Opens the HTML report in headless Chromium: no console errors, no network requests but
/// the file itself, and the `<script>` from the task text is text. A page that does log and
/// fetch is opened first, to show the check can fail. Needs Debian's `chromium`, which
/// `.ci/run` installs before it runs the ignored tests; by hand:
/// `cargo test -- --ignored html_report_in_chromium`.
#[test]
#[ignore = "needs Debian's chromium (apt-get install chromium); .ci/run installs it"]
fn html_report_in_chromium() {
    let (repo, file) = super::html_report();
    let bad = repo.root().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><title>bad</title><img src=\"http://192.0.2.1/x.png\"><script>console.error('boom')</script>",
    )
    .unwrap();
    let control = open_in_chromium(&format!("file://{}", bad.display()));
    assert!(
        control.console.iter().any(|c| c.contains("boom")),
        "{control:?}"
    );
    assert!(
        control
            .requests
            .iter()
            .any(|r| r.starts_with("http://192.0.2.1/")),
        "{control:?}"
    );

    let url = format!("file://{}", file.display());
    let page = open_in_chromium(&url);
    assert!(page.console.is_empty(), "console: {:#?}", page.console);
    assert_eq!(page.requests, [url], "the page requests nothing but itself");
    assert!(
        page.dom.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{}",
        page.dom
    );
    assert!(
        !page.dom.to_lowercase().contains("<script"),
        "no script element in the DOM"
    );
    assert!(page.dom.contains("<svg class=\"chart\""));
}
