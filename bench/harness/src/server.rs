//! The loopback server both SDKs talk to: one OS thread per connection,
//! blocking I/O, HTTP/1.1 keep-alive, and the same canned answer to every
//! request (201 `{"Errors":[]}`, a successful BatchCreateRoomMembership).
//! Parsing is the minimum needed to find where each request ends, so the
//! server costs a few microseconds per request and is never the bottleneck
//! (its own CPU time is reported beside the clients').

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const RESPONSE: &[u8] = b"HTTP/1.1 201 Created\r\n\
Content-Type: application/json\r\n\
x-amzn-RequestId: 8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f\r\n\
Content-Length: 13\r\n\
\r\n\
{\"Errors\":[]}";

/// Runs the server in this process: prints the port on stdout, then serves
/// until `max_runtime` has passed (so a forgotten server stops by itself).
pub fn serve(max_runtime: Duration) -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?.port());
    io::stdout().flush()?;
    std::thread::spawn(move || {
        std::thread::sleep(max_runtime);
        std::process::exit(0);
    });
    for stream in listener.incoming() {
        let stream = stream?;
        std::thread::spawn(move || {
            let _ = handle(stream);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut filled = 0;
    loop {
        // Read until the end of the request head.
        let head_end = loop {
            if let Some(i) = find(&buf[..filled], b"\r\n\r\n") {
                break i + 4;
            }
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            let n = stream.read(&mut buf[filled..])?;
            if n == 0 {
                return Ok(());
            }
            filled += n;
        };
        let length = content_length(&buf[..head_end]);
        let end = head_end + length;
        if buf.len() < end {
            buf.resize(end, 0);
        }
        while filled < end {
            let n = stream.read(&mut buf[filled..])?;
            if n == 0 {
                return Ok(());
            }
            filled += n;
        }
        if buf.starts_with(b"GET /__cpu ") {
            // The harness asks for the server's own CPU time (getrusage,
            // microseconds) before and after each run.
            let (u, sys) = crate::machine::self_cpu();
            let body = format!("{:.0}", (u + sys) * 1e6);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
            stream.write_all(format!("{head}{body}").as_bytes())?;
            return Ok(()); // and close, so the asker reads to the end
        } else {
            stream.write_all(RESPONSE)?;
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let text = String::from_utf8_lossy(head);
    text.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// A server started as a child process of the harness (`harness serve`).
pub struct ServerProcess {
    child: Child,
    pub port: u16,
}

impl ServerProcess {
    pub fn start() -> io::Result<Self> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .args(["serve", "--max-seconds", "3600"])
            .stdout(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()?;
        let mut out = child.stdout.take().expect("piped stdout");
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while out.read(&mut byte)? == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let port = String::from_utf8_lossy(&line)
            .trim()
            .parse()
            .map_err(|_| io::Error::other("the loopback server did not print its port"))?;
        Ok(Self { child, port })
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// CPU seconds (user + system) the server has used so far, as it reports
    /// them itself (getrusage), else from /proc (10 ms resolution).
    pub fn cpu_seconds(&self) -> f64 {
        self.ask_cpu()
            .or_else(|| crate::machine::process_cpu_seconds(self.child.id()))
            .unwrap_or(f64::NAN)
    }

    fn ask_cpu(&self) -> Option<f64> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.write_all(b"GET /__cpu HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        let (_, body) = out.split_once("\r\n\r\n")?;
        body.trim().parse::<f64>().ok().map(|us| us / 1e6)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_body_length() {
        assert_eq!(
            content_length(b"POST / HTTP/1.1\r\ncontent-length: 42\r\nhost: x\r\n\r\n"),
            42
        );
        assert_eq!(content_length(b"GET / HTTP/1.1\r\n\r\n"), 0);
    }
}
