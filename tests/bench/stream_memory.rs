//! `stream-memory MODE MIB`: the peak memory of one download or upload of `MIB` MiB through
//! the generated client of `fixtures/wire.yaml` and a local HTTP/1.1 server in this
//! process, for `cargo xtask bench`. `MODE` is `download` (`send_streaming`, the chunks
//! counted and dropped), `upload` (a `Body::from_stream` of known length) or `buffered`
//! (`.await`, the body held whole, for comparison). Prints
//! `MODE BYTES PEAK_KB BASELINE_KB`: the bytes moved, the peak resident memory (`VmHWM`)
//! after the transfer, and before it, when only the runtime and the server were set up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use client_runtime::{Body, RequestOptions, StreamExt};
use tests::wire_fixture::Client;

/// The size of each chunk the server writes and the upload yields.
const CHUNK: usize = 64 * 1024;

fn main() {
    if let Err(message) = run() {
        eprintln!("stream-memory: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, mebibytes) = match args.as_slice() {
        [mode, size] => (mode.clone(), size.parse::<u64>().map_err(|e| format!("{size}: {e}"))?),
        _ => return Err("usage: stream-memory download|upload|buffered MIB".to_owned()),
    };
    let bytes = mebibytes * 1024 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let base = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    std::thread::spawn(move || serve(&listener, bytes));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let client = Client::builder()
        .base_url(base)
        .header_key("hk")
        .query_key("qk")
        .build()
        .map_err(|e| e.to_string())?;
    let baseline = peak_kb();
    let moved = runtime.block_on(transfer(&client, &mode, bytes))?;
    println!("{mode} {moved} {} {baseline}", peak_kb());
    Ok(())
}

async fn transfer(client: &Client, mode: &str, bytes: u64) -> Result<u64, String> {
    match mode {
        "download" => {
            let response =
                client.get_file("big.bin").send_streaming().await.map_err(|e| e.to_string())?;
            let mut stream = response.into_inner();
            let mut moved = 0u64;
            while let Some(chunk) = stream.next().await {
                moved += chunk.map_err(|e| e.to_string())?.len() as u64;
            }
            Ok(moved)
        }
        "buffered" => {
            let options = RequestOptions::new().max_response_size(bytes);
            let body = client
                .with_options(options)
                .get_file("big.bin")
                .await
                .map_err(|e| e.to_string())?;
            Ok(body.len() as u64)
        }
        "upload" => {
            let chunks = futures_util::stream::unfold(bytes, |left| async move {
                (left > 0).then(|| {
                    let size = left.min(CHUNK as u64);
                    (Ok::<_, std::io::Error>(vec![7u8; size as usize]), left - size)
                })
            });
            let receipt = client
                .put_file("big.bin", Body::from_stream(bytes, chunks))
                .await
                .map_err(|e| e.to_string())?;
            receipt.parse().map_err(|e| format!("receipt {receipt:?}: {e}"))
        }
        other => Err(format!("unknown mode `{other}`")),
    }
}

/// Answers each request: a `GET` with `bytes` bytes, a `PUT` by reading its body and
/// answering with the number of bytes read.
fn serve(listener: &TcpListener, bytes: u64) {
    for stream in listener.incoming().flatten() {
        // A connection the client drops ends this one answer, not the server.
        let _ = answer(stream, bytes);
    }
}

fn answer(stream: TcpStream, bytes: u64) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push(line.to_ascii_lowercase());
    }
    let declared: u64 = head
        .iter()
        .find_map(|line| line.strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let mut buffer = vec![0u8; CHUNK];
    let mut stream = if head.first().is_some_and(|line| line.starts_with("put ")) {
        let mut read = 0u64;
        while read < declared {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            read += n as u64;
        }
        let mut stream = reader.into_inner();
        let receipt = read.to_string();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{receipt}",
            receipt.len()
        )?;
        stream
    } else {
        let mut stream = reader.into_inner();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {bytes}\r\n\r\n"
        )?;
        let mut left = bytes;
        while left > 0 {
            let size = left.min(CHUNK as u64) as usize;
            stream.write_all(&buffer[..size])?;
            left -= size as u64;
        }
        stream
    };
    stream.flush()
}

/// The peak resident set size of this process (`VmHWM`), in kilobytes; 0 where `/proc` is
/// not available.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| status.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|line| line.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}
