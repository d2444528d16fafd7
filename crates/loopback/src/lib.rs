//! A small HTTP/1.1 server on 127.0.0.1 that answers with scripted bytes:
//! the test suite's mock of Supage, Sup.ai and OpenAI-compatible servers, and
//! the engine of `--demo`. A response is a list of parts written as given
//! (so a test controls every split), with delays, gates released on demand,
//! and abrupt cuts. Every request is recorded for assertions. Only ever binds
//! the loopback address.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// One piece of a scripted response body.
#[derive(Clone)]
pub enum Part {
    /// Written as one write (one HTTP chunk when chunked).
    Bytes(Vec<u8>),
    Sleep(Duration),
    /// Waits for a permit: the test releases the next part with `add_permits`.
    Gate(Arc<Semaphore>),
    /// Closes the connection at once, mid-body.
    Cut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Transfer-Encoding: chunked`; a `Cut` leaves the body unterminated.
    Chunked,
    /// A `Content-Length` body.
    Length,
}

/// A scripted response.
#[derive(Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub parts: Vec<Part>,
    pub framing: Framing,
}

impl Scripted {
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            parts: Vec::new(),
            framing: Framing::Chunked,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn part(mut self, p: Part) -> Self {
        self.parts.push(p);
        self
    }

    pub fn bytes(self, b: impl AsRef<[u8]>) -> Self {
        self.part(Part::Bytes(b.as_ref().to_vec()))
    }

    /// An SSE response: each item is sent as one `data: …` event in its own write.
    pub fn sse<S: AsRef<str>>(events: impl IntoIterator<Item = S>) -> Self {
        let mut s = Self::new(200).header("Content-Type", "text/event-stream");
        for e in events {
            s = s.bytes(format!("data: {}\n\n", e.as_ref()));
        }
        s
    }

    /// A JSON body with a `Content-Length`.
    pub fn json(status: u16, body: impl AsRef<str>) -> Self {
        let mut s = Self::new(status)
            .header("Content-Type", "application/json")
            .bytes(body.as_ref());
        s.framing = Framing::Length;
        s
    }

    /// A body of any type with a `Content-Length`.
    pub fn text(status: u16, content_type: &str, body: impl AsRef<str>) -> Self {
        let mut s = Self::new(status)
            .header("Content-Type", content_type)
            .bytes(body.as_ref());
        s.framing = Framing::Length;
        s
    }
}

/// A request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

type Handler = Arc<dyn Fn(&Recorded) -> Scripted + Send + Sync>;

#[derive(Clone)]
enum Route {
    /// Answered in order; the last one answers every later request.
    Queue(Vec<Scripted>),
    Dynamic(Handler),
}

#[derive(Default)]
struct State {
    routes: HashMap<(String, String), Route>,
    requests: Vec<Recorded>,
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Binds an ephemeral port on 127.0.0.1 and starts serving.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                // Each part goes out when written, as model servers send
                // their tokens (uvicorn and nginx set it too); without it a
                // stream of small parts goes out in bursts, an ACK apart.
                let _ = sock.set_nodelay(true);
                tokio::spawn(serve(sock, st.clone()));
            }
        });
        Ok(Self { addr, state, task })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers `method path` with these responses in turn (the last repeats).
    pub fn route(&self, method: &str, path: &str, responses: Vec<Scripted>) {
        self.lock().routes.insert(
            (method.to_owned(), path.to_owned()),
            Route::Queue(responses),
        );
    }

    /// Answers `method path` with whatever `f` makes of the request.
    pub fn route_fn(
        &self,
        method: &str,
        path: &str,
        f: impl Fn(&Recorded) -> Scripted + Send + Sync + 'static,
    ) {
        self.lock().routes.insert(
            (method.to_owned(), path.to_owned()),
            Route::Dynamic(Arc::new(f)),
        );
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }
}

async fn serve(mut sock: TcpStream, state: Arc<Mutex<State>>) {
    let Some(req) = read_request(&mut sock).await else {
        return;
    };
    let response = {
        let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
        st.requests.push(req.clone());
        let key = (req.method.clone(), req.path.clone());
        match st.routes.get_mut(&key) {
            Some(Route::Queue(q)) if q.len() > 1 => Some(q.remove(0)),
            Some(Route::Queue(q)) => q.first().cloned(),
            Some(Route::Dynamic(f)) => Some(f.clone()(&req)),
            None => None,
        }
    };
    let response = response.unwrap_or_else(|| {
        Scripted::json(
            404,
            format!(
                r#"{{"error":{{"message":"no route for {} {}"}}}}"#,
                req.method, req.path
            ),
        )
    });
    let _ = write_response(&mut sock, response).await;
}

async fn read_request(sock: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
        // Not HTTP (a TLS ClientHello, say): hang up rather than wait.
        if !buf[0].is_ascii_uppercase() {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    body.truncate(len);
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn write_response(sock: &mut TcpStream, r: Scripted) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        r.status,
        reason(r.status)
    );
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match r.framing {
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
        Framing::Length => {
            let len: usize = r
                .parts
                .iter()
                .map(|p| match p {
                    Part::Bytes(b) => b.len(),
                    _ => 0,
                })
                .sum();
            head.push_str(&format!("Content-Length: {len}\r\n"));
        }
    }
    head.push_str("\r\n");
    sock.write_all(head.as_bytes()).await?;
    sock.flush().await?;
    for part in r.parts {
        match part {
            Part::Bytes(b) if b.is_empty() => {}
            Part::Bytes(b) => {
                if r.framing == Framing::Chunked {
                    let mut framed = format!("{:x}\r\n", b.len()).into_bytes();
                    framed.extend_from_slice(&b);
                    framed.extend_from_slice(b"\r\n");
                    sock.write_all(&framed).await?;
                } else {
                    sock.write_all(&b).await?;
                }
                sock.flush().await?;
            }
            Part::Sleep(d) => tokio::time::sleep(d).await,
            Part::Gate(g) => {
                if let Ok(permit) = g.acquire().await {
                    permit.forget();
                }
            }
            // Closed without the body's end: the client sees a broken body.
            Part::Cut => return Ok(()),
        }
    }
    if r.framing == Framing::Chunked {
        sock.write_all(b"0\r\n\r\n").await?;
    }
    sock.shutdown().await
}
