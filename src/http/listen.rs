//! The listening sockets: `listen`, and for a loopback address the other family's loopback
//! too, so that `localhost` reaches the server whether a client resolves it to 127.0.0.1 or
//! to ::1 (Node.js, for one, tries ::1 alone). Bound before anything else starts, so that a
//! taken port stops the start-up first, naming the address and the setting.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::net::{TcpListener, TcpStream};

/// One or two bound listeners, accepted from as one.
pub struct Listeners {
    main: TcpListener,
    /// The other loopback, when `main` is a loopback address.
    twin: Option<TcpListener>,
}

impl Listeners {
    /// Binds `address` (`listen`) and, for 127.0.0.1 or ::1, the other loopback on the same
    /// port when it is free. A failure names the address and the setting.
    pub async fn bind(address: SocketAddr) -> anyhow::Result<Listeners> {
        let main = TcpListener::bind(address)
            .await
            .map_err(|error| cannot_listen(address, &error))?;
        let port = main.local_addr()?.port();
        let other: Option<IpAddr> = match address.ip() {
            IpAddr::V4(ip) if ip == Ipv4Addr::LOCALHOST => Some(Ipv6Addr::LOCALHOST.into()),
            IpAddr::V6(ip) if ip == Ipv6Addr::LOCALHOST => Some(Ipv4Addr::LOCALHOST.into()),
            _ => None,
        };
        let twin = match other {
            None => None,
            Some(ip) => match TcpListener::bind((ip, port)).await {
                Ok(twin) => Some(twin),
                // Loopback of that family taken by another program: say so, serve the rest.
                Err(error) if error.kind() == io::ErrorKind::AddrInUse => {
                    tracing::warn!(
                        address = %SocketAddr::new(ip, port),
                        "not listening on the other loopback address: another program holds \
                         it, and clients resolving localhost to it reach that program"
                    );
                    None
                }
                // No such family on this host (IPv6 switched off): nothing to serve there.
                Err(error) => {
                    tracing::debug!(%error, %ip, "other loopback address not available");
                    None
                }
            },
        };
        Ok(Listeners { main, twin })
    }

    /// The addresses served, `listen`'s first.
    pub fn addresses(&self) -> Vec<SocketAddr> {
        [Some(&self.main), self.twin.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|listener| listener.local_addr().ok())
            .collect()
    }
}

impl From<TcpListener> for Listeners {
    fn from(main: TcpListener) -> Listeners {
        Listeners { main, twin: None }
    }
}

/// Why `address` could not be bound, with what to do about it.
fn cannot_listen(address: SocketAddr, error: &io::Error) -> anyhow::Error {
    let setting = "`listen` (INVENTREE_MCP_LISTEN)";
    match error.kind() {
        io::ErrorKind::AddrInUse => {
            let mut other = address;
            other.set_port(address.port().wrapping_add(1).max(1));
            anyhow::anyhow!(
                "cannot listen on {address}: another program (another inventree-mcp?) holds \
                 that port ({error}). Stop it, or set {setting} to a free address, e.g. \
                 INVENTREE_MCP_LISTEN={other}"
            )
        }
        _ => anyhow::anyhow!("cannot listen on {address}, as {setting} asks: {error}"),
    }
}

impl axum::serve::Listener for Listeners {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let accepted = match &self.twin {
                Some(twin) => tokio::select! {
                    accepted = self.main.accept() => accepted,
                    accepted = twin.accept() => accepted,
                },
                None => self.main.accept().await,
            };
            match accepted {
                Ok(connection) => return connection,
                Err(error) => accept_failed(error).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.main.local_addr()
    }
}

/// As axum does for its own listener: a client that went away is nothing; anything else
/// (out of file descriptors) is logged, and accepting resumes a second later.
async fn accept_failed(error: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "accept failed");
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
}
