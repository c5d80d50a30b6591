//! Reads the client's messages from stdin and hands tower-lsp only well-formed ones.
//!
//! tower-lsp's reader stops for good at the first message it cannot parse, after which
//! the server would hang with the client waiting. This layer reads the `Content-Length`
//! frames itself, drops a body that is not a JSON-RPC message — not JSON, or JSON that is
//! not an object with `jsonrpc` and a `method` or a response's `id` (a batch array too:
//! LSP has none) — logging a warning without the content and passing on a `$/`
//! notification in its place, which tower-lsp ignores; it skips a header block with no
//! usable length, and removes a `"params": null` that tower-lsp would refuse on
//! parameterless requests such as `shutdown`.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};

/// What stands in for a body that is not JSON.
const MALFORMED_STAND_IN: &str = r#"{"jsonrpc":"2.0","method":"$/pgconf-lsp/malformedMessage"}"#;

/// The largest body accepted; a larger `Content-Length` is taken as garbage.
const LARGEST_BODY: usize = 256 * 1024 * 1024;

/// A reader of sanitized frames, fed from `input` by a background task.
pub fn sanitized(input: impl AsyncRead + Unpin + Send + 'static) -> tokio::io::DuplexStream {
    let (mut writer, reader) = tokio::io::duplex(1 << 16);

    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        while let Some(body) = read_frame(&mut input).await {
            let body = sanitize(&body);
            let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
            if writer.write_all(frame.as_bytes()).await.is_err() {
                break;
            }
        }
        // Dropping the writer tells tower-lsp that the input has ended.
    });
    reader
}

/// The next frame's body, or `None` at the end of the input.
async fn read_frame(input: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Vec<u8>> {
    loop {
        let mut length = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line).await.ok()? == 0 {
                return None;
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }

        match length.filter(|length| *length <= LARGEST_BODY) {
            Some(length) => {
                let mut body = vec![0; length];
                input.read_exact(&mut body).await.ok()?;
                return Some(body);
            }
            None => tracing::warn!("skipped a message without a usable Content-Length"),
        }
    }
}

/// The body as tower-lsp can take it.
fn sanitize(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut message) => {
            if !is_a_message(&message) {
                tracing::warn!("dropped a JSON body that is not a JSON-RPC message");
                return MALFORMED_STAND_IN.to_string();
            }
            if let Some(object) = message.as_object_mut() {
                if object.get("params").is_some_and(Value::is_null) {
                    object.remove("params");
                }
            }
            message.to_string()
        }
        Err(error) => {
            let (line, column) = (error.line(), error.column());
            tracing::warn!(line, column, "dropped a message that is not JSON");
            MALFORMED_STAND_IN.to_string()
        }
    }
}

/// True for what tower-lsp can decode: an object with `"jsonrpc": "2.0"` that is a request
/// or notification (a string `method`, an `id` if any that is a number, string or null) or
/// a response (an `id` and a `result` or `error`).
fn is_a_message(message: &Value) -> bool {
    let Some(object) = message.as_object() else {
        return false;
    };
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return false;
    }

    let id_is_usable = object
        .get("id")
        .is_none_or(|id| id.is_null() || id.is_string() || id.is_i64() || id.is_u64());
    match object.get("method") {
        Some(method) => method.is_string() && id_is_usable,
        None => {
            let answers = object.contains_key("result") || object.contains_key("error");
            object.contains_key("id") && id_is_usable && answers
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_are_cleaned_and_garbage_is_skipped() {
        let request = r#"{"jsonrpc":"2.0","id":1,"method":"a","params":null}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{bad}}X-Junk: 1\r\n\r\nContent-Length: {}\r\n\r\n{request}",
            request.len()
        );
        let input = input.as_bytes();
        let mut reader = BufReader::new(input);

        let first = read_frame(&mut reader).await.expect("a frame");
        assert_eq!(sanitize(&first), MALFORMED_STAND_IN);
        let second = read_frame(&mut reader).await.expect("a frame");
        assert_eq!(sanitize(&second), r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#);
        assert_eq!(read_frame(&mut reader).await, None);
    }

    #[test]
    fn json_that_is_not_a_message_is_dropped() {
        let bodies = [
            "[]",
            "1",
            "{}",
            "null",
            r#"{"jsonrpc":"2.0"}"#,
            r#"{"jsonrpc":"1.0","method":"a"}"#,
            r#"{"jsonrpc":"2.0","method":5}"#,
            r#"{"jsonrpc":"2.0","id":[1],"method":"a"}"#,
            r#"[{"jsonrpc":"2.0","method":"a"}]"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"a"}"#,
            r#"{"jsonrpc":"2.0","method":"a"}"#,
            r#"{"jsonrpc":"2.0","id":"7","result":null}"#,
        ];
        let kept: Vec<String> = bodies
            .iter()
            .map(|body| {
                let sanitized = sanitize(body.as_bytes());
                let verdict = if sanitized == MALFORMED_STAND_IN { "dropped" } else { "kept" };
                format!("{body} => {verdict}")
            })
            .collect();
        expect_test::expect![[r#"
            [] => dropped
            1 => dropped
            {} => dropped
            null => dropped
            {"jsonrpc":"2.0"} => dropped
            {"jsonrpc":"1.0","method":"a"} => dropped
            {"jsonrpc":"2.0","method":5} => dropped
            {"jsonrpc":"2.0","id":[1],"method":"a"} => dropped
            [{"jsonrpc":"2.0","method":"a"}] => dropped
            {"jsonrpc":"2.0","id":null,"method":"a"} => kept
            {"jsonrpc":"2.0","method":"a"} => kept
            {"jsonrpc":"2.0","id":"7","result":null} => kept"#]]
        .assert_eq(&kept.join("\n"));
    }
}
