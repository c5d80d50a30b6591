//! A small, synchronous LSP client over the server's stdio, for the end-to-end tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single wait for the server may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications that arrived while waiting for something else, oldest first.
    pending: Vec<Value>,
    /// Every message the server sent, as text, for leak checks.
    pub transcript: Vec<String>,
    stderr: Option<thread::JoinHandle<String>>,
    next_id: i64,
}

impl Client {
    /// Starts the server with `RUST_LOG` set to `log_level`.
    pub fn spawn(log_level: &str) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pgconf-lsp"))
            .arg("--stdio")
            .env("RUST_LOG", log_level)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");

        let (sender, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });

        Client {
            child,
            stdin: Some(stdin),
            messages,
            pending: Vec::new(),
            transcript: Vec::new(),
            stderr: Some(stderr),
            next_id: 1,
        }
    }

    /// `initialize` and `initialized`, with the given client capabilities and options.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// Sends a notification; `Value::Null` sends none of `params`, as `exit` wants.
    pub fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Sends a request and waits for its result; an error response fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);

        let response = self.wait(|message| message["id"] == json!(id), method);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Waits for `publishDiagnostics` of `uri` that `accept` takes, returning its params.
    pub fn diagnostics_where(&mut self, uri: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let notification = self.wait(
            |message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == uri
                    && accept(&message["params"])
            },
            "publishDiagnostics",
        );
        notification["params"].clone()
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics_for_version(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.diagnostics_where(uri, |params| params["version"] == json!(version));
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Shuts the server down, waits for it to exit, and returns what it wrote to stderr.
    pub fn shutdown(mut self) -> String {
        self.request("shutdown", Value::Null);
        self.exit()
    }

    /// The response to the request with this id, sent by other means than [`request`].
    pub fn response(&mut self, id: i64) -> Value {
        self.wait(|message| message["id"] == json!(id), "a response")
    }

    /// Sends `exit` (after a `shutdown` already answered), waits for the server to exit,
    /// and returns what it wrote to stderr.
    pub fn exit(mut self) -> String {
        self.notify("exit", Value::Null);
        // Editors close the pipe after `exit`; the server must not need it to stop.
        self.stdin = None;

        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                assert!(status.success(), "the server exited with {status}");
                break;
            }
            assert!(Instant::now() < deadline, "the server did not exit after `exit`");
            thread::sleep(Duration::from_millis(20));
        }
        self.stderr.take().map(|handle| handle.join().unwrap_or_default()).unwrap_or_default()
    }

    /// Waits for the server's request `method` (such as `client/registerCapability`) and
    /// answers it with `result`; returns the request.
    pub fn answer_server_request(&mut self, method: &str, result: Value) -> Value {
        let request = self.wait(|message| message["method"] == method, method);
        let answer = json!({ "jsonrpc": "2.0", "id": request["id"].clone(), "result": result });
        self.send(&answer);
        request
    }

    /// Writes raw bytes, for tests of what the server does with broken input.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open until exit");
        stdin.write_all(bytes).and_then(|()| stdin.flush()).expect("write to the server");
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open until exit");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| stdin.flush())
            .expect("write to the server");
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool, what: &str) -> Value {
        if let Some(at) = self.pending.iter().position(&wanted) {
            return self.pending.remove(at);
        }

        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) => {
                    self.transcript.push(message.to_string());
                    if wanted(&message) {
                        return message;
                    }
                    self.pending.push(message);
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout"),
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }

    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A `file://` URI for a file name in a folder that need not exist.
pub fn file_uri(name: &str) -> String {
    format!("file:///workspace/project/{name}")
}
